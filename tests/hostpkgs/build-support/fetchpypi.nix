# Mirrors nixpkgs pkgs/build-support/fetchpypi/default.nix.
{ lib, fetchurl }:
lib.makeOverridable (
  { pname, version, format ? "setuptools", extension ? "tar.gz", dist ? "py2.py3", python ? "py2.py3",
    abi ? "none", platform ? "any", hash ? "", sha256 ? "", meta ? { } }:
  let
    url =
      if format == "setuptools" then
        "mirror://pypi/${builtins.substring 0 1 pname}/${pname}/${pname}-${version}.${extension}"
      else if format == "wheel" then
        "https://files.pythonhosted.org/packages/${dist}/${builtins.substring 0 1 pname}/${pname}/${pname}-${version}-${python}-${abi}-${platform}.whl"
      else throw "Unsupported format ${format}";
  in
  fetchurl ({ inherit url meta; } // lib.optionalAttrs (hash != "") { inherit hash; }
    // lib.optionalAttrs (sha256 != "") { inherit sha256; })
)
