# Mirrors the data of nixpkgs lib/systems/doubles.nix, lib/licenses.nix and lib/meta.nix
# that package meta attributes use.
{ lib }:
let license = spdxId: fullName: { inherit spdxId fullName; shortName = spdxId; free = true; };
in {
  platforms = {
    all = lib.systems.flakeExposed;
    linux = [ "x86_64-linux" "aarch64-linux" ];
    darwin = [ "x86_64-darwin" "aarch64-darwin" ];
    unix = lib.systems.flakeExposed;
    x86_64 = [ "x86_64-linux" "x86_64-darwin" ];
    aarch64 = [ "aarch64-linux" "aarch64-darwin" ];
  };
  licenses = {
    mit = license "MIT" "MIT License";
    asl20 = license "Apache-2.0" "Apache License 2.0";
    bsd3 = license "BSD-3-Clause" "BSD 3-clause \"New\" or \"Revised\" License";
    bsd2 = license "BSD-2-Clause" "BSD 2-clause \"Simplified\" License";
    mpl20 = license "MPL-2.0" "Mozilla Public License 2.0";
    psfl = license "Python-2.0" "Python Software Foundation License version 2";
    gpl3Plus = license "GPL-3.0-or-later" "GNU General Public License v3.0 or later";
    lgpl21Plus = license "LGPL-2.1-or-later" "GNU Lesser General Public License v2.1 or later";
    unfree = { shortName = "unfree"; fullName = "Unfree"; free = false; };
  };
  maintainers = { };
  teams = { };
  addMetaAttrs = newAttrs: drv: drv // { meta = (drv.meta or { }) // newAttrs; };
  lowPrio = drv: lib.addMetaAttrs { priority = 10; } drv;
  hiPrio = drv: lib.addMetaAttrs { priority = -10; } drv;
  getLicenseFromSpdxId = id: { spdxId = id; shortName = id; fullName = id; free = true; };
  fakeHash = "sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
  fakeSha256 = "0000000000000000000000000000000000000000000000000000";
}
