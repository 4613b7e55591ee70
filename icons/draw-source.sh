#!/usr/bin/env bash
# Draws the 1024x1024 source of the app icon (a receipt on a rounded blue tile) with ImageMagick,
# then writes every platform size beside this script with the Tauri CLI. Rerun after a change:
#   bash icons/draw-source.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The receipt: a paper strip whose bottom edge is torn into 8 teeth.
paper="312,200 712,200 712,800"
for ((x = 712, up = 1; x > 312; x -= 50)); do
  paper+=" $((x - 25)),840 $((x - 50)),800"
done
shadow=$(awk '{for (i = 1; i <= NF; i++) { split($i, p, ","); printf "%d,%d ", p[1] + 10, p[2] + 14 }}' <<<"$paper")

convert -size 1024x1024 xc:black -fill white -draw "roundrectangle 64,64 959,959 200,200" "$tmp/mask.png"
convert -size 1024x1024 gradient:'#2a6f9e'-'#10324f' "$tmp/mask.png" -alpha off \
  -compose CopyOpacity -composite -compose Over \
  -fill 'rgba(0,0,0,0.22)' -draw "polygon $shadow" \
  -fill '#fbfaf6' -draw "polygon $paper" \
  -fill '#c3cfd9' -draw "roundrectangle 372,300 652,332 16,16" \
  -fill '#c3cfd9' -draw "roundrectangle 372,392 602,416 12,12" \
  -fill '#c3cfd9' -draw "roundrectangle 372,462 632,486 12,12" \
  -fill '#c3cfd9' -draw "roundrectangle 372,532 562,556 12,12" \
  -fill '#1f5f8b' -draw "rectangle 372,618 652,627" \
  -fill '#2e9e6a' -draw "roundrectangle 500,658 652,714 18,18" \
  -depth 8 "$here/source.png"

(cd "$here" && npx --yes @tauri-apps/cli@2 icon source.png -o .)
# Billing Desk is a desktop app: the mobile sets the CLI also writes are not kept.
rm -rf "$here/android" "$here/ios"
