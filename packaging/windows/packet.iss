; Inno Setup script for Packet on Windows (not built here: needs Windows and Inno Setup 6).
; Build the frozen app first (packaging/README.md), then:  iscc /DAppVersion=0.1.0 packaging\windows\packet.iss
; Per-user install by default (no administrator needed), Start-menu entry, "Open with" for packet archives.
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{6F1D2C4E-8B7A-4E59-9C3D-2A5B7E0F4C61}
AppName=Packet
AppVersion={#AppVersion}
AppPublisher=The Packet developers
AppPublisherURL=https://packet.example.org/
DefaultDirName={autopf}\Packet
DefaultGroupName=Packet
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
LicenseFile=..\..\LICENSE
SetupIconFile=packet.ico
UninstallDisplayIcon={app}\packet.exe
OutputDir=..\..\out\package
OutputBaseFilename=Packet-{#AppVersion}-windows-x64-setup
Compression=lzma2/max
SolidCompression=yes
ChangesAssociations=yes
; Signing: see packaging/README.md (SignTool=... and SignedUninstaller=yes once a certificate is set up).

[Files]
Source: "..\..\out\package\dist\Packet\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\Packet"; Filename: "{app}\packet.exe"; Comment: "Turn evidence into one filing-ready PDF"

[Registry]
; Windows goes by the last extension only, so *.packet.zip cannot have its own type: Packet is offered under
; "Open with" for .zip files instead of taking them over.
Root: HKA; Subkey: "Software\Classes\Packet.Archive"; ValueType: string; ValueData: "Packet archive"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Packet.Archive\DefaultIcon"; ValueType: string; ValueData: "{app}\packet.exe,0"
Root: HKA; Subkey: "Software\Classes\Packet.Archive\shell\open\command"; ValueType: string; ValueData: """{app}\packet.exe"" ""%1"""
Root: HKA; Subkey: "Software\Classes\.zip\OpenWithProgids"; ValueType: string; ValueName: "Packet.Archive"; ValueData: ""; Flags: uninsdeletevalue

[Run]
Filename: "{app}\packet.exe"; Description: "Start Packet"; Flags: nowait postinstall skipifsilent
