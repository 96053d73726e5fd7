# pyproj finds PROJ at build time through PROJ_DIR and its data (proj.db) at
# run time through pyproj/proj_dir/share/proj, the directory its wheels bundle.
# Pointing that directory at nixpkgs' PROJ keeps the sdist build self-contained:
# no PROJ_DATA variable, no `proj` executable needed on PATH at run time.
{ pkgs, python, ... }:
old:
let
  proj = pkgs.proj;
  projDev = proj.dev or proj;
in
{
  PROJ_DIR = "${proj}";
  # Else setup.py runs $PROJ_DIR/bin/proj to learn it.
  PROJ_VERSION = proj.version;
  PROJ_INCDIR = "${projDev}/include";
  PROJ_LIBDIR = "${proj}/lib";
  postInstall = (old.postInstall or "") + ''
    mkdir -p "$out/${python.sitePackages}/pyproj/proj_dir/share"
    ln -s ${proj}/share/proj "$out/${python.sitePackages}/pyproj/proj_dir/share/proj"
  '';
}
