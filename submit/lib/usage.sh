# Sourced first by every submit/ script (directly, or through common.sh), with the script's own arguments:
# `--help` or `-h` as the first argument prints the script's header comment, its usage, and exits 0.
if [[ "${1:-}" == --help || "${1:-}" == -h ]]; then
  sed -n '2,/^[^#]/s/^# \{0,1\}//p' "$0"
  exit 0
fi
