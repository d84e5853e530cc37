#!/usr/bin/env bash
# Rebuilds the four Inter files facturier embeds from the Debian package fonts-inter
# (4.0~beta7+ds-1): same glyph outlines, fewer glyphs and layout tables.
#
# Kept: Latin (Basic, Latin-1, Extended-A/B/Additional), Greek, Cyrillic, combining marks,
# punctuation, currency, letterlike, arrows, maths operators, geometric shapes, ligature
# codepoints. Layout features: kern only. Contextual alternates, ligatures and mark positioning
# made shaping about 12 % of a render; the renderer passes text in NFC, so accented letters
# are precomposed glyphs and need no mark positioning.
#
#   apt-get install -y fonts-inter && pip install fonttools && templates/fonts/subset.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src="${INTER_DIR:-/usr/share/fonts/opentype/inter}"
unicodes="U+0020-007E,U+00A0-024F,U+0259,U+02B0-02FF,U+0300-036F,U+0370-03FF,U+0400-052F,U+1E00-1EFF,U+2000-206F,U+20A0-20C0,U+2100-214F,U+2190-21FF,U+2200-22FF,U+25A0-25FF,U+FB00-FB06,U+FEFF,U+FFFD"
for face in Regular Italic SemiBold Bold; do
    pyftsubset "$src/Inter-$face.otf" --unicodes="$unicodes" --layout-features=kern \
        --name-IDs='*' --name-legacy --name-languages='*' --notdef-outline --glyph-names \
        --output-file="$here/Inter-$face.otf"
done
