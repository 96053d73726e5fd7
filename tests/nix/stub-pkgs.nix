# An evaluation-only double of the nixpkgs attributes lib/ touches, for unit
# tests of the library's logic (which provider, which inputs, which order):
# packages are attribute sets that record their buildPythonPackage
# arguments. Nothing here builds; the end-to-end tests build on the real
# package set (tests/hostpkgs or nixpkgs).
#
# `packageOverrides` lets a test hand in a python that already has overrides.
{ packageOverrides ? (_: _: { }) }:
let
  fix = f: let x = f x; in x;
  extends = ext: base: self: let super = base self; in super // ext self super;

  mkPackage = args: {
    type = "derivation";
    inherit (args) pname;
    version = args.version or "0";
    pythonModule = "python3";
    inherit args;
    # JSON shows a package as its name.
    outPath = args.pname;
    overridePythonAttrs = f: mkPackage (args // (if builtins.isFunction f then f args else f));
  };

  makePython = { packageOverrides ? (_: _: { }), self ? null }:
    let
      python = {
        pname = "python3";
        version = "3.11.7";
        pythonVersion = "3.11";
        implementation = "cpython";
        sitePackages = "lib/python3.11/site-packages";
        interpreter = "/stub/bin/python3.11";
        override = f: makePython (if builtins.isFunction f then f { inherit packageOverrides; } else f);
        pkgs = scope;
        withPackages = f: { type = "derivation"; packages = map (p: "${p.pname}-${p.version}") (f scope); };
      };
      base = self: {
        inherit python;
        buildPythonPackage = mkPackage;
        buildPythonApplication = args: mkPackage args // { application = true; };
        idna = mkPackage { pname = "idna"; version = "3.0"; };
        requests = mkPackage {
          pname = "requests";
          version = "2.0";
          propagatedBuildInputs = [ self.idna { native = "libfoo"; } ];
          patches = [ "nixpkgs.patch" ];
        };
      };
      scope = fix (extends packageOverrides base);
    in
    python;
in
{
  python3 = makePython { inherit packageOverrides; };
  stdenv.hostPlatform = { system = "x86_64-linux"; isLinux = true; isDarwin = false; libc = "glibc"; };
  stdenv.cc.cc.lib = { native = "libstdc++"; };
  glibc.version = "2.40";
  zlib = { native = "zlib"; };
  geos = { native = "geos"; };
  proj = { native = "proj"; version = "9.1.1"; dev = { native = "proj-dev"; }; };
  autoPatchelfHook = { hook = "autoPatchelfHook"; };
  fetchurl = args: { fetched = args.name; inherit (args) url sha256; outPath = "/stub/${args.name}"; };
  mkShell = args: args // { shell = true; };
}
