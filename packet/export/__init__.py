"""From a packet to PDF bytes: generated pages, source pages on US Letter, stamps, outline, labels. No Qt."""
