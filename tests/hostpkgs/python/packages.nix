# The packages of python.pkgs (nixpkgs: pkgs/top-level/python-packages.nix and
# pkgs/development/python-modules/*), defined the nixpkgs way from the files
# pinned in ../pins.json. Each file is fetched once and shared.
{ lib, pkgs, pins, python, final }:
let
  fetchPin = file: pkgs.fetchurl { inherit (file) url sha256; };
  wheelOf = name:
    let pin = pins.${name}; in
    if pin ? wheel then fetchPin pin.wheel
    else fetchPin (pin.wheels.${pkgs.stdenv.hostPlatform.system}
      or (throw "hostpkgs: no ${name} wheel pinned for ${pkgs.stdenv.hostPlatform.system}"));
  sdistOf = name: fetchPin pins.${name}.sdist;

  # Installs a pinned wheel with `installer` run from its own wheel file.
  installFromWheel = name: ''
    # installer reads the distribution name from the file name, so drop the store hash.
    wheel="$TMPDIR/$(stripHash ${wheelOf name})"
    cp ${wheelOf name} "$wheel"
    PYTHONPATH=${wheelOf "installer"} ${python.interpreter} -m installer --prefix "$out" "$wheel"
  '';

  # nixpkgs' bootstrap set: the build frontend and its dependencies, outside the
  # scope, for pypaBuildHook to run from.
  bootstrapInstall = name: pkgs.runCommand "${python.libPrefix}-bootstrap-${name}-${pins.${name}.version}" { }
    (installFromWheel name);

  # Modules the hooks themselves propagate (installer, wheel and its packaging):
  # installed without those hooks, or they would depend on themselves.
  selfHosting = name: dependencies: final.buildPythonPackage {
    pname = name;
    inherit (pins.${name}) version;
    format = "other";
    src = wheelOf name;
    dontUnpack = true;
    inherit dependencies;
    installPhase = ''
      runHook preInstall
      ${installFromWheel name}
      runHook postInstall
    '';
  };

  # A package installed from its pinned wheel.
  fromWheel = name: dependencies: final.buildPythonPackage {
    pname = name;
    inherit (pins.${name}) version;
    format = "wheel";
    src = wheelOf name;
    inherit dependencies;
  };
  # A package built from its pinned sdist, as nixpkgs' python-modules do;
  # `args` carries what differs per package (build-system, imports, ...).
  fromSdist = name: args: final.buildPythonPackage ({
    pname = name;
    inherit (pins.${name}) version;
    pyproject = true;
    src = sdistOf name;
  } // args);
in
{
  bootstrap = lib.genAttrs [ "build" "packaging" "pyproject-hooks" ] bootstrapInstall;

  installer = selfHosting "installer" [ ];
  build = fromWheel "build" [ final.packaging final.pyproject-hooks ];
  pyproject-hooks = fromWheel "pyproject-hooks" [ ];
  packaging = selfHosting "packaging" [ ];
  setuptools = fromWheel "setuptools" [ ];
  wheel = selfHosting "wheel" [ final.packaging ];
  flit-core = fromWheel "flit-core" [ ];
  pathspec = fromWheel "pathspec" [ ];
  pluggy = fromWheel "pluggy" [ ];
  trove-classifiers = fromWheel "trove-classifiers" [ ];
  tomlkit = fromWheel "tomlkit" [ ];
  hatchling = fromWheel "hatchling" (with final; [ packaging pathspec pluggy tomlkit trove-classifiers ]);
  resolvelib = fromWheel "resolvelib" [ ];
  vcs-versioning = fromWheel "vcs-versioning" [ final.packaging ];
  setuptools-scm = fromWheel "setuptools-scm" (with final; [ vcs-versioning packaging setuptools ]);
  hatch-vcs = fromWheel "hatch-vcs" (with final; [ hatchling setuptools-scm ]);
  hatch-fancy-pypi-readme = fromWheel "hatch-fancy-pypi-readme" [ final.hatchling ];

  zstandard = final.buildPythonPackage {
    pname = "zstandard";
    inherit (pins.zstandard) version;
    format = "wheel";
    src = wheelOf "zstandard";
    nativeBuildInputs = [ pkgs.autoPatchelfHook ];
    buildInputs = pkgs.pythonManylinuxPackages.manylinux2014;
    pythonImportsCheck = [ "zstandard" ];
  };

  # Built from sdists the way nixpkgs' python-modules do.
  six = fromSdist "six" {
    build-system = [ final.setuptools ];
    pythonImportsCheck = [ "six" ];
  };
  idna = fromSdist "idna" {
    build-system = [ final.flit-core ];
    pythonImportsCheck = [ "idna" ];
  };
  certifi = fromSdist "certifi" {
    build-system = [ final.setuptools ];
    pythonImportsCheck = [ "certifi" ];
  };
  typing-extensions = fromSdist "typing-extensions" {
    build-system = [ final.flit-core ];
    pythonImportsCheck = [ "typing_extensions" ];
  };
  attrs = fromSdist "attrs" {
    build-system = with final; [ hatchling hatch-vcs hatch-fancy-pypi-readme ];
    pythonImportsCheck = [ "attr" "attrs" ];
  };
  urllib3 = fromSdist "urllib3" {
    build-system = with final; [ hatchling hatch-vcs ];
    pythonImportsCheck = [ "urllib3" ];
  };
  charset-normalizer = fromSdist "charset-normalizer" {
    build-system = [ final.setuptools ];
    # Its pyproject.toml caps setuptools below the pinned one.
    pypaBuildFlags = [ "--skip-dependency-check" ];
    pythonImportsCheck = [ "charset_normalizer" ];
  };
  requests = fromSdist "requests" {
    build-system = [ final.setuptools ];
    dependencies = with final; [ charset-normalizer idna urllib3 certifi ];
    pythonImportsCheck = [ "requests" ];
  };
}
