# The target of a resolution: the interpreter and platform the environment is
# for, read from the interpreter and the package set, never from the machine
# that evaluates. Shape = the `target` object of docs/resolved-set.md.
{ pkgs, python }:
let
  platform = pkgs.stdenv.hostPlatform;
  libc =
    if !platform.isLinux then null
    else if (platform.libc or "glibc") == "musl" then "musl"
    else "glibc";
in
{
  python = python.version;
  implementation = python.implementation or "cpython";
  system = platform.system;
  inherit libc;
  # manylinux compatibility follows from the glibc nixpkgs ships, not the host's.
  libc_version =
    if libc == "glibc" then pkgs.glibc.version
    else if libc == "musl" then pkgs.musl.version
    else null;
  macos = if platform.isDarwin then platform.darwinMinVersion else null;
}
