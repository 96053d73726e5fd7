# hostpkgs' stdenv: nixpkgs' stdenv attributes over the host's tools.
{ lib, system, hostInfo }:
let
  shell = "/bin/bash";
  hostPlatform = lib.systems.elaborate system;
  multiarch = "${hostPlatform.parsed.cpu.name}-linux-gnu";
  libDirs = [ "/usr/lib/${multiarch}" "/lib/${multiarch}" "/lib64" "/lib" ];
  dynamicLinker = {
    x86_64-linux = "/lib64/ld-linux-x86-64.so.2";
    aarch64-linux = "/lib/ld-linux-aarch64.so.1";
  }.${system} or (throw "hostpkgs: no dynamic linker known for ${system}");

  raw = attrs: derivation ({ inherit system; builder = shell; } // attrs);

  hostTools = raw {
    name = "host-tools";
    args = [ ./host-tools.sh ];
    tools = [
      "bash" "sh" "cat" "cp" "mv" "rm" "ln" "ls" "mkdir" "rmdir" "chmod" "touch" "echo" "printf"
      "head" "tail" "cut" "tr" "sort" "uniq" "wc" "basename" "dirname" "readlink" "realpath" "env"
      "install" "mktemp" "od" "tee" "test" "expr" "seq" "sleep" "true" "false" "stat" "comm"
      "paste" "nproc" "du" "id" "uname" "date" "sha256sum" "md5sum" "base64" "find" "xargs"
      "sed" "grep" "awk" "tar" "gzip" "gunzip" "bzip2" "xz" "diff" "cmp" "patch" "make" "file"
      "which"
    ];
  };

  hostLibrary = { pname, version, libraries ? [ ], headers ? [ ], programs ? [ ], share ? [ ],
                  outputs ? [ "out" ], versionCommand ? "", passthru ? { } }:
    let
      drv = raw {
        name = "${pname}-${version}";
        name_ = pname;
        args = [ ./host-library.sh ];
        includeDirs = [ "/usr/include" "/usr/include/${multiarch}" ];
        inherit version libraries headers programs share outputs versionCommand libDirs;
      };
    in
    lib.extendDerivation true (passthru // {
      inherit pname version;
      meta = { description = "host ${pname} (hostpkgs)"; platforms = lib.platforms.linux; };
    }) drv;

  glibc = hostLibrary {
    pname = "glibc";
    version = hostInfo.glibc;
    outputs = [ "out" "dev" ];
    libraries = [ "libc.so.6" "libm.so.6" "libdl.so.2" "libpthread.so.0" "librt.so.1" "libresolv.so.2"
                  "libutil.so.1" "libnsl.so.1" "libmvec.so.1" "ld-linux-*.so.*" ];
    versionCommand = "ldd --version | head -n1 | sed -E 's/.* ([0-9.]+)$/\\1/'";
  };

  gccUnwrapped = hostLibrary {
    pname = "gcc";
    version = hostInfo.gcc;
    outputs = [ "out" "lib" ];
    libraries = [ "libstdc++.so.6*" "libgcc_s.so.1" "libgomp.so.1*" "libatomic.so.1*" ];
  };

  cc = lib.extendDerivation true {
    pname = "gcc-wrapper";
    version = hostInfo.gcc;
    cc = gccUnwrapped;
    libc = glibc;
    bintools = cc;
    isGNU = true;
    isClang = false;
    targetPrefix = "";
    meta.platforms = lib.platforms.linux;
  } (raw {
    name = "gcc-wrapper-${hostInfo.gcc}";
    args = [ ./cc-wrapper.sh ];
    tools = [ "gcc" "g++" "cpp" "ld" "as" "ar" "nm" "ranlib" "strip" "objdump" "objcopy" "readelf" "size" "strings" ];
    libc = glibc;
    inherit dynamicLinker;
  });

  setup = raw {
    name = "stdenv-linux";
    setupScript = ./setup.sh;
    args = [ "-c" "/bin/mkdir -p $out && /bin/cp $setupScript $out/setup" ];
  };

  mkStdenv = { withCC }:
    let
      initialPath = "${hostTools}/bin";
      mkDerivation = import ./make-derivation.nix {
        inherit lib system shell setup initialPath;
        defaultNativeBuildInputs = lib.optional withCC cc;
      };
    in
    setup // {
      inherit mkDerivation hostPlatform shell system initialPath;
      buildPlatform = hostPlatform;
      targetPlatform = hostPlatform;
      inherit (hostPlatform) isLinux isDarwin isx86_64 isAarch64;
      isi686 = hostPlatform.isx86_32;
      cc = if withCC then cc else null;
      hasCC = withCC;
      shellPackage = null;
      lib = lib;
    };
in
{
  inherit hostLibrary glibc cc gccUnwrapped;
  stdenv = mkStdenv { withCC = true; };
  stdenvNoCC = mkStdenv { withCC = false; };
}
