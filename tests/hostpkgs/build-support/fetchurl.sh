# Builder of fetchurl: downloads the first of $urls that answers, with the host's
# curl; Nix checks the fixed-output hash afterwards.
source "$stdenv/setup"
downloadedFile="$out"
if [ -n "${downloadToTemp:-}" ]; then downloadedFile="$TMPDIR/file"; fi
success=""
for url in $urls; do
  case "$url" in
    mirror://pypi/*) url="https://files.pythonhosted.org/packages/source/${url#mirror://pypi/}" ;;
    mirror://*) echo "hostpkgs fetchurl: unknown mirror in $url" >&2; exit 1 ;;
  esac
  echo "trying $url"
  # shellcheck disable=SC2086,SC2206
  extraCurlOpts=(${curlOptsList:-})
  # shellcheck disable=SC2086
  if /usr/bin/curl --fail --location --silent --show-error --retry 3 --connect-timeout 30 \
      ${curlOpts:-} "${extraCurlOpts[@]}" --output "$downloadedFile" "$url"; then
    success=1
    break
  fi
done
if [ -z "$success" ]; then
  echo "error: cannot download $(stripHash "$out") from any mirror" >&2
  exit 1
fi
runHook postFetch
if [ -n "${executable:-}" ]; then chmod +x "$out"; fi
