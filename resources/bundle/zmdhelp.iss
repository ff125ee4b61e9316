; Inno Setup script: a per-user installer for the one-folder bundle (Windows).
;
; 1. Build the bundle on Windows:   .venv\Scripts\pyinstaller --noconfirm resources\bundle\zmdhelp.spec
;    (result: dist\zmdhelp\zmdhelp.exe and dist\zmdhelp\_internal\)
; 2. Compile this script with Inno Setup 6:   iscc resources\bundle\zmdhelp.iss
;    (result: dist\zmdhelp-<version>-setup.exe)
;
; No administrator rights: the program goes to %LOCALAPPDATA%\Programs\zmdhelp, the shortcuts to
; the user's desktop and Start menu. Per-user state (settings, index, logs, an office's own content)
; lives in the user's AppData folders, never in the program folder; uninstalling leaves it alone.

#define AppName "驻马店社保常见问题"
#define AppExe "zmdhelp.exe"
#define DistDir AddBackslash(SourcePath) + "..\..\dist\zmdhelp"
#ifndef AppVersion
  ; The version resource the spec wrote into zmdhelp.exe (from zmdhelp.__version__).
  #define AppVersion GetVersionNumbersString(DistDir + "\" + AppExe)
#endif

[Setup]
; A fixed AppId lets a newer installer update an older installation in place.
AppId={{6F1D2C4E-6B7A-4E0B-9C51-2A7D3B8E5F10}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=zmdhelp developers
DefaultDirName={autopf}\zmdhelp
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
OutputDir={#DistDir}\..
OutputBaseFilename=zmdhelp-{#AppVersion}-setup
SetupIconFile=zmdhelp.ico
UninstallDisplayIcon={app}\{#AppExe}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible

[Languages]
; Newer Inno Setup releases ship the Simplified Chinese messages; older ones need
; ChineseSimplified.isl copied into their Languages folder (see README-bundle.md).
#if FileExists(CompilerPath + "Languages\ChineseSimplified.isl")
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#else
  #pragma warning "ChineseSimplified.isl not found: the installer will speak English"
Name: "english"; MessagesFile: "compiler:Default.isl"
#endif

[Tasks]
; Checked by default: a front desk starts the program from the desktop.
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
Source: "{#DistDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; An update replaces the program's own files completely (old Qt or Python files must not linger).
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
