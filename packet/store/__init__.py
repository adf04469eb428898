"""The packet on disk: folder, atomic saves, archive, intake of files. No Qt."""
