#!/bin/sh
# Add zmdhelp to this user's application menu (and, with --desktop, to the desktop). No root needed.
# Run it from the unpacked bundle folder:  ./install-desktop.sh [--desktop]
# Moving the folder later? Run it again from the new place.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
if [ ! -x "$here/zmdhelp" ]; then
  echo "错误：请在程序文件夹（含 zmdhelp 程序）中运行本脚本。" >&2
  exit 1
fi
apps="${XDG_DATA_HOME:-$HOME/.local/share}/applications"
icons="${XDG_DATA_HOME:-$HOME/.local/share}/icons/hicolor/256x256/apps"
mkdir -p "$apps" "$icons"
cp "$here/zmdhelp.png" "$icons/zmdhelp.png"
# Exec= needs an absolute path; quote it for the desktop-entry syntax if it holds spaces.
sed -e "s|@BUNDLE_DIR@/zmdhelp|\"$here/zmdhelp\"|" -e "s|@ICON@|$icons/zmdhelp.png|" \
  "$here/zmdhelp.desktop" > "$apps/zmdhelp.desktop"
chmod 644 "$apps/zmdhelp.desktop"
echo "已添加到应用程序菜单：$apps/zmdhelp.desktop"
if [ "${1:-}" = "--desktop" ]; then
  desk=$(command -v xdg-user-dir >/dev/null 2>&1 && xdg-user-dir DESKTOP || echo "$HOME/Desktop")
  mkdir -p "$desk"
  cp "$apps/zmdhelp.desktop" "$desk/zmdhelp.desktop"
  chmod 755 "$desk/zmdhelp.desktop"  # many desktops start only executable launchers
  echo "已添加桌面图标：$desk/zmdhelp.desktop（首次双击时可能需要选择“允许启动”）"
fi
