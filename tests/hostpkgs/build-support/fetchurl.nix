# Mirrors nixpkgs pkgs/build-support/fetchurl/default.nix: a fixed-output
# derivation; exactly one hash; the store name is the URL's basename by default.
{ lib, stdenvNoCC }:
lib.makeOverridable (
  { url ? "", urls ? [ ], name ? null, pname ? null, version ? null,
    hash ? "", sha256 ? "", sha512 ? "", sha1 ? "", outputHash ? "", outputHashAlgo ? "",
    postFetch ? "", downloadToTemp ? false, executable ? false, recursiveHash ? false,
    curlOpts ? "", curlOptsList ? [ ], netrcPhase ? null, passthru ? { }, meta ? { },
    preferLocalBuild ? true, showURLs ? false, nativeBuildInputs ? [ ] }:
  let
    urls_ =
      if urls != [ ] && url == "" then urls
      else if urls == [ ] && url != "" then [ url ]
      else throw "fetchurl requires either `url` or `urls` to be set";
    given = lib.filter (h: h.value != "") [
      { name = "hash"; value = hash; }
      { name = "sha256"; value = sha256; }
      { name = "sha512"; value = sha512; }
      { name = "sha1"; value = sha1; }
      { name = "outputHash"; value = outputHash; }
    ];
    chosen =
      if builtins.length given > 1 then
        throw "multiple hashes passed to fetchurl: ${lib.concatMapStringsSep ", " (h: h.name) given}"
      else if given == [ ] then
        throw "fetchurl: no hash given for ${builtins.head urls_}; hostpkgs refuses unchecked downloads"
      else builtins.head given;
    algo = {
      hash = null; sha256 = "sha256"; sha512 = "sha512"; sha1 = "sha1"; outputHash = outputHashAlgo;
    }.${chosen.name};
    storeName =
      if name != null then name
      else if pname != null && version != null then "${pname}-${version}"
      else baseNameOf (toString (builtins.head urls_));
  in
  stdenvNoCC.mkDerivation ({
    name = storeName;
    builder = "/bin/bash";
    args = [ "-e" ./fetchurl.sh ];
    urls = urls_;
    inherit postFetch downloadToTemp executable curlOpts curlOptsList preferLocalBuild nativeBuildInputs;
    outputHash = chosen.value;
    outputHashMode = if recursiveHash || executable then "recursive" else "flat";
    dontUnpack = true;
    passthru = passthru // { url = builtins.head urls_; };
    inherit meta;
  } // lib.optionalAttrs (algo != null) { outputHashAlgo = algo; })
)
