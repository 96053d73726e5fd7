# wheel provider: the PyPI wheel installed as is (format = "wheel"). Binary
# wheels get autoPatchelfHook plus the libraries their manylinux policy lets
# them assume and those their `needs` map to through overrides/sonames.json.
{ pkgs, sonames }:
let
  attrPath = import ../attr-path.nix pkgs;
  fetchFile = import ../fetch-file.nix pkgs;
  # Platform tag `any`: no ELF files to patch.
  isPure = filename: builtins.match ".*-any\\.whl" filename != null;

  # null in the data: no nixpkgs package provides the library. Another
  # Python package ships it (torch's libc10.so for torch extensions, the
  # nvidia-* wheels' CUDA libraries for torch): autoPatchelf finds it in the
  # Python dependencies, as it searches every dependency's lib/ recursively,
  # site-packages included. Else it stays unresolved, as the GPU driver's
  # libcuda.so.1, which only the machine running the code has.
  fromPython = soname: sonames.sonames ? ${soname} && sonames.sonames.${soname} == null;

  library = spec: soname:
    if sonames.sonames ? ${soname}
    then attrPath "overrides/sonames.json (for ${soname})" sonames.sonames.${soname}
    else throw (
      "mach-nix: the wheel of ${spec.name} ${spec.version} needs the shared library ${soname}, "
      + "which overrides/sonames.json does not map to a nixpkgs package; add "
      + "\"${soname}\": \"<nixpkgs attribute>\" to its \"sonames\", or choose another provider "
      + "for it (providers = { ${spec.name} = \"sdist\"; })."
    );

  # The libraries manylinux lets every wheel link without bundling them
  # (the database leaves them out of `needs`): every binary wheel gets those
  # the package set has; the others (null in the data: X11, OpenGL, GLib;
  # or an attribute a minimal package set lacks) may stay unresolved, as on
  # a system without them.
  hasPath = path: builtins.foldl'
    (acc: part: if acc != null && builtins.isAttrs acc && acc ? ${part} then acc.${part} else null)
    pkgs (builtins.filter builtins.isString (builtins.split "\\." path)) != null;
  policyNames = builtins.attrNames sonames.policy;
  provided = soname: sonames.policy.${soname} != null && hasPath sonames.policy.${soname};
  policyLibraries =
    let paths = map (soname: sonames.policy.${soname}) (builtins.filter provided policyNames);
    in map (attrPath "overrides/sonames.json policy") (builtins.attrNames
      (builtins.listToAttrs (map (p: { name = p; value = null; }) paths)));
  policyTolerated = builtins.filter (soname: !(provided soname)) policyNames;

  # For the packaging tools nixpkgs' hooks take from the scope (lib/overlay.nix
  # says which): installed with those hooks, they would depend on
  # themselves. A wheel is a zip, and these pure-Python tools need nothing
  # but their files (their console scripts are not installed).
  unpacked = { self, src }: {
    format = "other";
    dontUnpack = true;
    dontBuild = true;
    installPhase = ''
      runHook preInstall
      mkdir -p "$out/${self.python.sitePackages}"
      ${self.python.interpreter} -m zipfile -e ${src} "$out/${self.python.sitePackages}"
      runHook postInstall
    '';
  };
in
{ self, spec, dependencies, unpackDirectly ? false, ... }:
let
  src = fetchFile spec.file;
in
self.buildPythonPackage ({
  pname = spec.name;
  inherit (spec) version;
  inherit src;
  format = "wheel";
  inherit dependencies;
  # A wheel ships no test suite to run.
  doCheck = false;
} // (if unpackDirectly then unpacked { inherit self src; } else { })
  // (if isPure spec.file.filename then { } else {
  nativeBuildInputs = [ pkgs.autoPatchelfHook ];
  buildInputs = policyLibraries
    ++ map (library spec) (builtins.filter (soname: !(fromPython soname)) spec.needs);
  autoPatchelfIgnoreMissingDeps = policyTolerated ++ builtins.filter fromPython spec.needs;
  # Wheel binaries come stripped; stripping auditwheel-grafted libraries
  # again breaks their segment alignment ("ELF load command ... not
  # page-aligned" at import).
  dontStrip = true;
}))
