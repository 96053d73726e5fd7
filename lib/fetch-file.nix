# A file of the resolved set as a fixed-output derivation. The store name is
# the file's own name: pip's installer rejects a wheel under any other name,
# and sdist unpacking picks the tool by extension.
pkgs: file:
pkgs.fetchurl {
  inherit (file) url sha256;
  name = file.filename;
}
