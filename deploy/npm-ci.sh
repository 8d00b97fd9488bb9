# Sourced by deploy/validate/validate.sh and deploy/aws/aws.sh. ensure_npm_ci DIR: `npm ci` in DIR only when its
# node_modules does not match the committed package-lock.json; one at a time (tests call the scripts in parallel).
ensure_npm_ci() {
  local dir=$1 stamp="$1/node_modules/.buildpeer-lock.sha256" want
  want=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
  [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]] && return 0
  exec 8>"$dir/.npm-ci.lock"
  flock -w 300 8
  if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error) >&2
    printf '%s\n' "$want" >"$stamp"
  fi
  exec 8>&-
}
