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
  six = final.buildPythonPackage {
    pname = "six";
    inherit (pins.six) version;
    pyproject = true;
    src = sdistOf "six";
    build-system = [ final.setuptools ];
    pythonImportsCheck = [ "six" ];
  };
  idna = final.buildPythonPackage {
    pname = "idna";
    inherit (pins.idna) version;
    pyproject = true;
    src = sdistOf "idna";
    build-system = [ final.flit-core ];
    pythonImportsCheck = [ "idna" ];
  };
  certifi = final.buildPythonPackage {
    pname = "certifi";
    inherit (pins.certifi) version;
    pyproject = true;
    src = sdistOf "certifi";
    build-system = [ final.setuptools ];
    pythonImportsCheck = [ "certifi" ];
  };
  typing-extensions = final.buildPythonPackage {
    pname = "typing-extensions";
    inherit (pins.typing-extensions) version;
    pyproject = true;
    src = sdistOf "typing-extensions";
    build-system = [ final.flit-core ];
    pythonImportsCheck = [ "typing_extensions" ];
  };
  attrs = final.buildPythonPackage {
    pname = "attrs";
    inherit (pins.attrs) version;
    pyproject = true;
    src = sdistOf "attrs";
    build-system = with final; [ hatchling hatch-vcs hatch-fancy-pypi-readme ];
    pythonImportsCheck = [ "attr" "attrs" ];
  };
  urllib3 = final.buildPythonPackage {
    pname = "urllib3";
    inherit (pins.urllib3) version;
    pyproject = true;
    src = sdistOf "urllib3";
    build-system = with final; [ hatchling hatch-vcs ];
    pythonImportsCheck = [ "urllib3" ];
  };
  charset-normalizer = final.buildPythonPackage {
    pname = "charset-normalizer";
    inherit (pins.charset-normalizer) version;
    pyproject = true;
    src = sdistOf "charset-normalizer";
    build-system = [ final.setuptools ];
    # Its pyproject.toml caps setuptools below the pinned one.
    pypaBuildFlags = [ "--skip-dependency-check" ];
    pythonImportsCheck = [ "charset_normalizer" ];
  };
  requests = final.buildPythonPackage {
    pname = "requests";
    inherit (pins.requests) version;
    pyproject = true;
    src = sdistOf "requests";
    build-system = [ final.setuptools ];
    dependencies = with final; [ charset-normalizer idna urllib3 certifi ];
    pythonImportsCheck = [ "requests" ];
  };
}
