# Builder of hostpkgs' interpreter: a venv of Debian's python in the store, so that
# sys.prefix is the store path and Debian's dist-packages stay invisible.
set -eu
/usr/bin/python$pythonVersion -m venv --without-pip "$out"
actual="$("$out/bin/python$pythonVersion" -c 'import platform; print(platform.python_version())')"
if [ "$actual" != "$version" ]; then
  echo "hostpkgs: host python is $actual but tests/hostpkgs/host.json says $version; run tests/hostpkgs/host-deps.sh --write" >&2
  exit 1
fi
if "$out/bin/python$pythonVersion" -c 'import setuptools' 2>/dev/null; then
  echo "hostpkgs: the venv still sees the host's setuptools" >&2
  exit 1
fi
rm -f "$out"/bin/activate* "$out"/bin/Activate.ps1
site="$out/$sitePackages"
cp "$nixSite" "$site/_hostpkgs_nix_site.py"
echo "import _hostpkgs_nix_site" > "$site/_hostpkgs_nix_site.pth"
mkdir -p "$out/nix-support"
substitute "$setupHookScript" "$out/nix-support/setup-hook" --subst-var sitePackages
