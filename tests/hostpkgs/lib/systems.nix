# Mirrors the platform attributes of nixpkgs lib/systems/default.nix, inspect.nix
# and parse.nix for the systems hostpkgs can describe.
{ lib }:
let
  cpus = {
    x86_64 = { name = "x86_64"; bits = 64; family = "x86"; significantByte = "littleEndian"; };
    aarch64 = { name = "aarch64"; bits = 64; family = "arm"; significantByte = "littleEndian"; };
    i686 = { name = "i686"; bits = 32; family = "x86"; significantByte = "littleEndian"; };
    powerpc64le = { name = "powerpc64le"; bits = 64; family = "power"; significantByte = "littleEndian"; };
  };
  kernels = {
    linux = { name = "linux"; execFormat = "elf"; };
    darwin = { name = "darwin"; execFormat = "macho"; };
  };
  elaborate = system:
    let
      parts = lib.splitString "-" system;
      cpuName = builtins.elemAt parts 0;
      kernelName = builtins.elemAt parts 1;
      cpu = cpus.${cpuName} or (throw "hostpkgs: unknown cpu `${cpuName}' in system `${system}'");
      kernel = kernels.${kernelName} or (throw "hostpkgs: unknown kernel `${kernelName}' in system `${system}'");
      isLinux = kernelName == "linux";
      isDarwin = kernelName == "darwin";
      abiName = if isLinux then "gnu" else "unknown";
      darwinArch = if cpuName == "aarch64" then "arm64" else cpuName;
      darwinSdkVersion = if cpuName == "aarch64" then "11.0" else "10.12";
    in
    {
      inherit system isLinux isDarwin;
      config = if isLinux then "${cpuName}-unknown-linux-gnu" else "${cpuName}-apple-darwin";
      parsed = {
        inherit cpu kernel;
        abi = { name = abiName; };
        vendor = { name = if isDarwin then "apple" else "unknown"; };
      };
      libc = if isLinux then "glibc" else "libSystem";
      uname = {
        system = if isLinux then "Linux" else "Darwin";
        processor = if isDarwin then darwinArch else cpuName;
        release = null;
      };
      linuxArch = if cpuName == "x86_64" then "x86_64" else if cpuName == "aarch64" then "arm64" else cpuName;
      inherit darwinArch darwinSdkVersion;
      darwinPlatform = if isDarwin then "macos" else null;
      darwinMinVersion = darwinSdkVersion;
      darwinMinVersionVariable = "MACOSX_DEPLOYMENT_TARGET";
      isx86_64 = cpuName == "x86_64";
      isx86_32 = cpuName == "i686";
      isx86 = cpu.family == "x86";
      isAarch64 = cpuName == "aarch64";
      isAarch32 = false;
      isAarch = cpu.family == "arm";
      isPower64 = cpuName == "powerpc64le";
      is64bit = cpu.bits == 64;
      isMusl = false;
      isGnu = isLinux;
      isUnix = true;
      isWindows = false;
      isFreeBSD = false;
      isStatic = false;
      isMacOS = isDarwin;
      isiOS = false;
      extensions = {
        sharedLibrary = if isDarwin then ".dylib" else ".so";
        executable = "";
      };
      emulatorAvailable = _: true;
      canExecute = other: other.system == system;
    };
in
{
  inherit elaborate;
  examples = { };
  flakeExposed = [ "x86_64-linux" "aarch64-linux" "x86_64-darwin" "aarch64-darwin" ];
}
