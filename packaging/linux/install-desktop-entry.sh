#!/bin/sh
# Install (or remove) LeadTemp's desktop entry and icons for the current user, in the XDG data
# folder ($XDG_DATA_HOME, by default ~/.local/share), so LeadTemp shows up in the application menu.
#
#   install-desktop-entry.sh [EXECUTABLE]   default: dist/LeadTemp/LeadTemp, else leadtemp-desktop on PATH
#   install-desktop-entry.sh --uninstall
set -eu

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
icon_source="$repo/resources/icons"
data_home=${XDG_DATA_HOME:-"$HOME/.local/share"}
applications="$data_home/applications"
hicolor="$data_home/icons/hicolor"
desktop_file="$applications/LeadTemp.desktop"
sizes="16 24 32 48 64 128 256 512"

refresh_caches() {
    if command -v update-desktop-database >/dev/null 2>&1; then
        update-desktop-database -q "$applications" || true
    fi
    # Icon caches notice new icons by the theme folder's modification time.
    touch "$hicolor" 2>/dev/null || true
    if [ -f "$hicolor/index.theme" ] && command -v gtk-update-icon-cache >/dev/null 2>&1; then
        gtk-update-icon-cache -q -t -f "$hicolor" || true
    fi
}

case "${1:-}" in
-h | --help)
    sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'
    exit 0
    ;;
--uninstall)
    rm -f "$desktop_file" "$hicolor/scalable/apps/leadtemp.svg"
    for size in $sizes; do
        rm -f "$hicolor/${size}x${size}/apps/leadtemp.png"
    done
    refresh_caches
    echo "Removed the LeadTemp desktop entry from $applications"
    exit 0
    ;;
esac

executable=${1:-}
if [ -z "$executable" ]; then
    if [ -x "$repo/dist/LeadTemp/LeadTemp" ]; then
        executable="$repo/dist/LeadTemp/LeadTemp"
    elif command -v leadtemp-desktop >/dev/null 2>&1; then
        executable=$(command -v leadtemp-desktop)
    else
        echo "No LeadTemp executable found: run 'make package' first, or pass its path." >&2
        exit 1
    fi
fi
if [ ! -x "$executable" ]; then
    echo "Not an executable file: $executable" >&2
    exit 1
fi
case "$executable" in
/*) ;;
*) executable="$(cd "$(dirname "$executable")" && pwd)/$(basename "$executable")" ;;
esac

# Exec quoting (Desktop Entry spec): the path goes in double quotes with \ " ` $ escaped, and the
# file's own string escaping doubles every backslash; % is written %%.
quoted=$(printf '%s' "$executable" | sed -e 's/\\/\\\\\\\\/g' -e 's/["`$]/\\\\&/g' -e 's/%/%%/g')

mkdir -p "$applications" "$hicolor/scalable/apps"
for size in $sizes; do
    mkdir -p "$hicolor/${size}x${size}/apps"
    cp "$icon_source/leadtemp-$size.png" "$hicolor/${size}x${size}/apps/leadtemp.png"
done
cp "$icon_source/leadtemp.svg" "$hicolor/scalable/apps/leadtemp.svg"

EXEC_LINE="Exec=\"$quoted\"" TRY_EXEC_LINE="TryExec=$executable" awk '
    /^Exec=/ { print ENVIRON["EXEC_LINE"]; next }
    /^TryExec=/ { print ENVIRON["TRY_EXEC_LINE"]; next }
    { print }
' "$here/LeadTemp.desktop" >"$desktop_file.tmp"
mv "$desktop_file.tmp" "$desktop_file"
chmod 644 "$desktop_file"

refresh_caches
echo "Installed $desktop_file (runs $executable) and icons in $hicolor"
