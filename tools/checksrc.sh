#!/usr/bin/env bash
# checksrc.sh - source rules that a script can enforce (after curl's checksrc):
#   1. banned functions: sprintf strcpy strcat strtok atoi gets;
#   2. the layer rule of STYLE.md: base <- core <- {store, analysis} <- service <- {http, cli};
#      core/ and analysis/ include no sqlite3.h, libpq-fe.h, microhttpd.h or socket headers,
#      and SQL text lives under store/ only.
# Prints each violation as file:line: message and exits 1 if there was any.
set -u
root=${1:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$root/src" || exit 2
fail=0
report() { echo "$1: $2"; fail=1; }

while IFS= read -r hit; do
  report "${hit%%:*}:$(echo "$hit" | cut -d: -f2)" "banned function: $(echo "$hit" | grep -oE '\b(sprintf|strcpy|strcat|strtok|atoi|gets)\b' | head -1)"
done < <(grep -nE '(^|[^_a-z])(sprintf|strcpy|strcat|strtok|atoi|gets)[[:space:]]*\(' --include='*.c' --include='*.h' -r . | grep -vE '(snprintf|vsnprintf)[[:space:]]*\(' )

# allowed includes of our own headers, per layer
declare -A allowed=(
  [base]="base"
  [core]="base core"
  [store]="base core store"
  [analysis]="base core analysis"
  [service]="base core store analysis service"
  [http]="base core service http"
  [cli]="base core service http cli"
)
for layer in "${!allowed[@]}"; do
  [ -d "$layer" ] || continue
  while IFS= read -r line; do
    file=${line%%:*}; rest=${line#*:}; lno=${rest%%:*}
    inc=$(echo "$line" | sed -E 's/.*#include[[:space:]]*"([a-z_]+)\/.*/\1/')
    case " ${allowed[$layer]} " in
      *" $inc "*) ;;
      *) report "$file:$lno" "layer $layer may not include $inc/" ;;
    esac
  done < <(grep -nE '#include[[:space:]]*"[a-z_]+/' -r "$layer" --include='*.c' --include='*.h')
done

for layer in core analysis base; do
  [ -d "$layer" ] || continue
  while IFS= read -r hit; do
    report "$(echo "$hit" | cut -d: -f1-2)" "layer $layer may not include a backend or socket header"
  done < <(grep -nE '#include[[:space:]]*<(sqlite3|libpq-fe|microhttpd|sys/socket|netinet/in|arpa/inet|sodium)\.h>' -r "$layer")
done

# SQL keywords in string literals outside store/
while IFS= read -r hit; do
  report "$(echo "$hit" | cut -d: -f1-2)" "SQL outside store/"
done < <(grep -nE '"[[:space:]]*(SELECT|INSERT INTO|UPDATE [a-z_]+ SET|DELETE FROM|CREATE TABLE)[[:space:]]' -r . --include='*.c' | grep -v '^./store/')

if [ $fail -eq 0 ]; then
  echo "checksrc: ok"
fi
exit $fail
