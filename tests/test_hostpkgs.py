"""tests/hostpkgs against nixpkgs' behaviour: the happy paths of its Python
infrastructure and each pitfall NIXPKGS-CONTRACT.md says it reproduces.

Every test builds or evaluates with `import tests/hostpkgs {}`; sources of the
small demo projects are written to a temporary directory.
"""

from __future__ import annotations

import json
import subprocess
import textwrap
from pathlib import Path

import pytest

from conftest import HOSTPKGS, NixRunner

pytestmark = pytest.mark.nix

PINS = json.loads((HOSTPKGS / "pins.json").read_text())
HOST = json.loads((HOSTPKGS / "host.json").read_text())

PRELUDE = f"""
let
  pkgs = import {HOSTPKGS} {{ }};
  inherit (pkgs) lib;
  py = pkgs.python3;
  ps = py.pkgs;
in
"""

# A builder occasionally dies from a SIGKILL sent by another Nix process on this
# shared machine (same build user); only that failure is retried.
FOREIGN_KILL = "failed due to signal 9 (Killed)"


def _run(nix: NixRunner, program: str, *args: str) -> subprocess.CompletedProcess[str]:
    proc = nix(program, *args)
    for _ in range(2):
        if FOREIGN_KILL not in proc.stderr:
            break
        proc = nix(program, *args)
    return proc


def build(nix: NixRunner, expr: str) -> Path:
    proc = _run(nix, "nix-build", "--no-out-link", "--expr", PRELUDE + expr)
    assert proc.returncode == 0, proc.stderr[-6000:]
    return Path(proc.stdout.strip().splitlines()[-1])


def build_error(nix: NixRunner, expr: str) -> str:
    proc = _run(nix, "nix-build", "--no-out-link", "--expr", PRELUDE + expr)
    assert proc.returncode != 0, f"expected the build to fail, got {proc.stdout}"
    return proc.stderr


def evaluate(nix: NixRunner, expr: str) -> object:
    proc = nix("nix-instantiate", "--eval", "--strict", "--json", "--expr", PRELUDE + expr)
    assert proc.returncode == 0, proc.stderr[-6000:]
    return json.loads(proc.stdout)


def eval_error(nix: NixRunner, expr: str) -> str:
    proc = nix("nix-instantiate", "--eval", "--strict", "--json", "--expr", PRELUDE + expr)
    assert proc.returncode != 0, f"expected an evaluation error, got {proc.stdout}"
    return proc.stderr


def run_python(interpreter: Path, code: str) -> str:
    proc = subprocess.run(
        [str(interpreter), "-c", code], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


def demo_project(root: Path, name: str, dependencies: list[str], backend: str = "flit") -> Path:
    """A one-module project with a static [project] table."""
    src = root / name
    (src / name).mkdir(parents=True)
    (src / name / "__init__.py").write_text('"""Demo."""\nVALUE = 42\n')
    build_system = {
        "flit": 'requires = ["flit_core>=3.2"]\nbuild-backend = "flit_core.buildapi"',
        "setuptools": 'requires = ["setuptools"]\nbuild-backend = "setuptools.build_meta"',
        "hatchling": 'requires = ["hatchling"]\nbuild-backend = "hatchling.build"',
    }[backend]
    deps = ", ".join(json.dumps(d) for d in dependencies)
    (src / "pyproject.toml").write_text(
        f'[build-system]\n{build_system}\n\n[project]\nname = "{name}"\nversion = "1.0"\n'
        f'description = "demo"\ndependencies = [{deps}]\n'
    )
    return src


def demo_package(src: Path, extra: str = "") -> str:
    """Nix expression of buildPythonPackage over `src` (flit_core backend)."""
    imports = "" if "pythonImportsCheck" in extra else f'pythonImportsCheck = [ "{src.name}" ];'
    return f"""ps.buildPythonPackage {{
      pname = "{src.name}";
      version = "1.0";
      pyproject = true;
      src = {src};
      build-system = [ ps.flit-core ];
      {imports}
      {extra}
    }}"""


# A six whose six.py differs from ps.six: a second copy of the same distribution.
SIX_COPY = """ps.six.overridePythonAttrs (old: {
  postInstall = "echo '# copy' >> $out/${py.sitePackages}/six.py";
})"""


# Interpreter and platform


def test_interpreter_passthru(nix: NixRunner) -> None:
    got = evaluate(
        nix,
        """{
          inherit (py) pname version pythonVersion implementation sitePackages libPrefix executable
            isPy3k isPy311 pythonAttr;
          atLeast = py.pythonAtLeast "3.10";
          older = py.pythonOlder "3.11";
          interpreterOk = lib.hasSuffix "/bin/python3.11" py.interpreter;
          same = py.pythonOnBuildForHost.outPath == py.outPath;
          major = py.sourceVersion.major;
          hostSystem = py.stdenv.hostPlatform.system;
          platforms = py.meta.platforms;
          python3IsPython311 = pkgs.python3.outPath == pkgs.python311.outPath;
        }""",
    )
    assert got == {
        "pname": "python3",
        "version": HOST["python311"],
        "pythonVersion": "3.11",
        "implementation": "cpython",
        "sitePackages": "lib/python3.11/site-packages",
        "libPrefix": "python3.11",
        "executable": "python3.11",
        "isPy3k": True,
        "isPy311": True,
        "pythonAttr": "python311",
        "atLeast": True,
        "older": False,
        "interpreterOk": True,
        "same": True,
        "major": "3",
        "hostSystem": "x86_64-linux",
        "platforms": ["x86_64-linux", "aarch64-linux"],
        "python3IsPython311": True,
    }


def test_platform_and_glibc(nix: NixRunner) -> None:
    got = evaluate(
        nix,
        """let p = pkgs.stdenv.hostPlatform; in {
          inherit (p) system isLinux isDarwin isx86_64 isAarch64 libc;
          cpu = p.parsed.cpu.name; kernel = p.parsed.kernel.name;
          uname = p.uname.system; processor = p.uname.processor;
          glibc = pkgs.glibc.version;
          aarch64Darwin = (lib.systems.elaborate "aarch64-darwin").darwinArch;
        }""",
    )
    assert got == {
        "system": "x86_64-linux",
        "isLinux": True,
        "isDarwin": False,
        "isx86_64": True,
        "isAarch64": False,
        "libc": "glibc",
        "cpu": "x86_64",
        "kernel": "linux",
        "uname": "Linux",
        "processor": "x86_64",
        "glibc": HOST["glibc"],
        "aarch64Darwin": "arm64",
    }


def test_interpreter_is_isolated_from_debian_packages(nix: NixRunner) -> None:
    python = build(nix, "py")
    paths = json.loads(
        run_python(python / "bin/python3.11", "import sys, json; print(json.dumps(sys.path))")
    )
    assert f"{python}/lib/python3.11/site-packages" in paths
    assert not any("dist-packages" in p for p in paths)
    proc = subprocess.run(
        [str(python / "bin/python3.11"), "-c", "import setuptools"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode != 0


# Happy paths


def test_wheel_install(nix: NixRunner) -> None:
    out = build(nix, "ps.resolvelib")
    site = out / "lib/python3.11/site-packages"
    assert (site / f"resolvelib-{PINS['resolvelib']['version']}.dist-info" / "METADATA").is_file()
    propagated = (out / "nix-support/propagated-build-inputs").read_text().split()
    assert propagated == [str(build(nix, "py"))]
    dist = build(nix, "ps.resolvelib.dist")
    assert [p.name for p in dist.iterdir()] == [Path(PINS["resolvelib"]["wheel"]["url"]).name]
    # nixpkgs' wheelUnpackHook propagates the scope's wheel into the build.
    propagated_by_hook = evaluate(nix, "map (d: d.name) ps.wheelUnpackHook.propagatedBuildInputs")
    assert propagated_by_hook == [f"python3.11-wheel-{PINS['wheel']['version']}"]


def test_pyproject_sdist_build_and_scope_attributes(nix: NixRunner) -> None:
    out = build(nix, "ps.idna")
    assert (out / f"lib/python3.11/site-packages/idna-{PINS['idna']['version']}.dist-info").is_dir()
    got = evaluate(
        nix,
        """{
          name = ps.idna.name;
          pname = ps.idna.pname;
          buildSystem = map (d: d.pname) ps.idna.build-system;
          module = ps.hasPythonModule ps.idna;
          required = map (d: d.pname) (ps.requiredPythonModules [ ps.build ]);
          path = lib.sort (a: b: a < b) (lib.splitString ":" (ps.makePythonPath [ ps.six ]))
            == lib.sort (a: b: a < b) [ "${ps.six}/${py.sitePackages}" "${py}/${py.sitePackages}" ];
        }""",
    )
    assert got == {
        "name": f"python3.11-idna-{PINS['idna']['version']}",
        "pname": "idna",
        "buildSystem": ["flit-core"],
        "module": True,
        "required": ["python3", "build", "packaging", "pyproject-hooks"],
        "path": True,
    }


def test_with_packages_env_imports_resolver_deps(nix: NixRunner) -> None:
    env = build(nix, "py.withPackages (ps: [ ps.packaging ps.resolvelib ps.zstandard ])")
    got = json.loads(
        run_python(
            env / "bin/python3.11",
            textwrap.dedent("""
        import json, sys, packaging, resolvelib, zstandard
        print(json.dumps([sys.prefix, packaging.__version__, resolvelib.__version__,
                          zstandard.__version__,
                          zstandard.ZstdCompressor().compress(b"x")[:4].hex()]))
    """),
        )
    )
    assert got == [
        str(env),
        PINS["packaging"]["version"],
        PINS["resolvelib"]["version"],
        PINS["zstandard"]["version"],
        "28b52ffd",
    ]


def test_console_scripts_are_wrapped(nix: NixRunner) -> None:
    build_pkg = build(nix, "ps.build")
    wrapper = build_pkg / "bin/pyproject-build"
    assert wrapper.read_text().startswith("#! /bin/bash")
    assert (build_pkg / "bin/.pyproject-build-wrapped").is_file()
    proc = subprocess.run([str(wrapper), "--version"], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert PINS["build"]["version"] in proc.stdout
    env = build(nix, "py.withPackages (ps: [ ps.build ])")
    proc = subprocess.run(
        [str(env / "bin/pyproject-build"), "--version"], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stderr


def test_autopatchelf_patches_wheel_extensions(nix: NixRunner) -> None:
    out = build(nix, "ps.zstandard")
    sos = list((out / "lib/python3.11/site-packages/zstandard").glob("backend_c*.so"))
    assert sos
    rpath = subprocess.run(
        ["patchelf", "--print-rpath", str(sos[0])], capture_output=True, text=True, check=True
    )
    assert rpath.stdout.strip().startswith("/nix/store/")


# Pitfalls


def test_missing_format_throws(nix: NixRunner) -> None:
    err = eval_error(nix, 'ps.buildPythonPackage { pname = "x"; version = "1"; src = ./.; }')
    assert "x-1 does not configure a `format`" in err


def test_runtime_deps_check_reports_unmet_and_missing(nix: NixRunner, tmp_path: Path) -> None:
    src = demo_project(tmp_path, "demo", ["six>=99", "absent-dist"])
    err = build_error(nix, demo_package(src, "dependencies = [ ps.six ];"))
    assert f"six>=99 not satisfied by version {PINS['six']['version']}" in err
    assert "absent-dist not installed" in err


def test_runtime_deps_check_switches(nix: NixRunner, tmp_path: Path) -> None:
    src = demo_project(tmp_path, "demo", ["six>=99", "absent-dist"])
    build(nix, demo_package(src, "dependencies = [ ps.six ]; dontCheckRuntimeDeps = true;"))
    out = build(
        nix,
        demo_package(
            src,
            'dependencies = [ ps.six ]; pythonRelaxDeps = [ "six" ];'
            ' pythonRemoveDeps = [ "absent-dist" ];',
        ),
    )
    metadata = (out / "lib/python3.11/site-packages/demo-1.0.dist-info/METADATA").read_text()
    assert "Requires-Dist: six\n" in metadata
    assert "absent-dist" not in metadata


def test_setuptools_is_not_implicit_in_pyproject_builds(nix: NixRunner, tmp_path: Path) -> None:
    src = demo_project(tmp_path, "plain", [], backend="setuptools")
    expr = f"""ps.buildPythonPackage {{
      pname = "plain"; version = "1.0"; pyproject = true; src = {src};
    }}"""
    err = build_error(nix, expr)
    assert "setuptools" in err
    build(
        nix,
        expr.replace("pyproject = true;", "pyproject = true; build-system = [ ps.setuptools ];"),
    )


def test_imports_check_runs_without_tests(nix: NixRunner, tmp_path: Path) -> None:
    src = demo_project(tmp_path, "demo", [])
    err = build_error(
        nix, demo_package(src, 'doCheck = false; pythonImportsCheck = [ "demo.missing" ];')
    )
    assert "No module named 'demo.missing'" in err


def test_catch_conflicts_on_two_copies(nix: NixRunner, tmp_path: Path) -> None:
    src = demo_project(tmp_path, "demo", [])
    err = build_error(
        nix, f"let six2 = {SIX_COPY}; in " + demo_package(src, "dependencies = [ ps.six six2 ];")
    )
    assert "Found duplicated packages in closure for dependency 'six'" in err
    build(
        nix,
        f"let six2 = {SIX_COPY}; in "
        + demo_package(src, "dependencies = [ ps.six six2 ]; catchConflicts = false;"),
    )


def test_with_packages_collision(nix: NixRunner) -> None:
    err = build_error(nix, f"let six2 = {SIX_COPY}; in py.withPackages (_: [ ps.six six2 ])")
    assert "collision between" in err
    assert "six.py" in err
    build(
        nix,
        f"let six2 = {SIX_COPY}; in "
        "(py.withPackages (_: [ ps.six six2 ])).override { ignoreCollisions = true; }",
    )


def test_override_replaces_package_overrides(nix: NixRunner) -> None:
    got = evaluate(
        nix,
        """let
          first = py.override { packageOverrides = self: super: { first = super.six; }; };
          second = first.override { packageOverrides = self: super: { second = super.six; }; };
          composed = first.override (old: {
            packageOverrides = lib.composeExtensions old.packageOverrides
              (self: super: { second = super.six; });
          });
        in {
          replaced = [ (second.pkgs ? first) (second.pkgs ? second) ];
          composed = [ (composed.pkgs ? first) (composed.pkgs ? second) ];
          knot = let
            tied = py.override {
              packageOverrides = self: super: { tied = super.six; };
              self = tied;
            };
          in [ (tied.pkgs.python.pkgs ? tied) (tied.pkgs.hasPythonModule tied.pkgs.tied) ];
          # Without `self`, the scope's interpreter is the top-level one.
          unknotted = first.pkgs.python.pkgs ? first;
          extension = (pkgs.extend (final: prev: {
            pythonPackagesExtensions = prev.pythonPackagesExtensions
              ++ [ (self: super: { viaExtension = super.six; }) ];
          })).python3.pkgs ? viaExtension;
        }""",
    )
    assert got == {
        "replaced": [False, True],
        "composed": [True, True],
        "knot": [True, True],
        "unknotted": False,
        "extension": True,
    }


def test_non_module_in_scope_throws_on_use(nix: NixRunner) -> None:
    err = eval_error(
        nix,
        "(py.override { packageOverrides = self: super: { zlib = pkgs.zlib; }; })"
        ".pkgs.zlib.outPath",
    )
    assert "zlib should use `buildPythonPackage` or `toPythonModule`" in err


def test_override_python_attrs_and_override_attrs(nix: NixRunner) -> None:
    got = evaluate(
        nix,
        """let
          changed = ps.six.overridePythonAttrs
            (old: { pythonImportsCheck = [ "six" "six.moves" ]; });
          attrs = ps.six.overrideAttrs (old: { doCheck = false; });
        in {
          imports = changed.pythonImportsCheck;
          stillModule = ps.hasPythonModule changed && ps.hasPythonModule attrs;
          installCheckKept = attrs.doInstallCheck;
        }""",
    )
    assert got == {"imports": ["six", "six.moves"], "stillModule": True, "installCheckKept": True}


def test_autopatchelf_missing_soname(nix: NixRunner) -> None:
    lib_expr = """{ extra }: pkgs.stdenv.mkDerivation ({
      name = "needs-zlib";
      dontUnpack = true;
      nativeBuildInputs = [ pkgs.autoPatchelfHook ];
      buildPhase = ''
        echo 'int f(void) { return 0; }' > f.c
        cc -shared -o libneeds.so f.c -Wl,--no-as-needed -L${pkgs.zlib}/lib -lz
      '';
      installPhase = "mkdir -p $out/lib && cp libneeds.so $out/lib/";
    } // extra)"""
    err = build_error(nix, f"({lib_expr}) {{ extra = {{ }}; }}")
    assert "auto-patchelf could not satisfy dependency libz.so.1 wanted by" in err
    assert "auto-patchelf failed to find all the required dependencies" in err
    build(
        nix, f'({lib_expr}) {{ extra = {{ autoPatchelfIgnoreMissingDeps = [ "libz.so.*" ]; }}; }}'
    )
    out = build(nix, f"({lib_expr}) {{ extra = {{ buildInputs = [ pkgs.zlib ]; }}; }}")
    rpath = subprocess.run(
        ["patchelf", "--print-rpath", str(out / "lib/libneeds.so")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    zlib = build(nix, "pkgs.zlib")
    assert rpath == f"{zlib}/lib"


def test_fetchurl_contract(nix: NixRunner) -> None:
    err = eval_error(nix, '(pkgs.fetchurl { url = "https://example.org/a.whl"; }).outPath')
    assert "no hash given" in err
    err = eval_error(
        nix, '(pkgs.fetchurl { url = "https://example.org/a"; sha256 = "x"; hash = "y"; }).outPath'
    )
    assert "multiple hashes passed to fetchurl" in err
    name = evaluate(
        nix,
        f'(pkgs.fetchurl {{ url = "{PINS["six"]["sdist"]["url"]}"; '
        f'sha256 = "{PINS["six"]["sdist"]["sha256"]}"; }}).name',
    )
    assert name == Path(PINS["six"]["sdist"]["url"]).name


def test_flake_outputs_in_pure_evaluation(nix: NixRunner) -> None:
    proc = nix(
        "eval", "--json", f"path:{HOSTPKGS}#legacyPackages.x86_64-linux.python3.pythonVersion"
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == "3.11"
    proc = nix(
        "eval", "--json", f"path:{HOSTPKGS}#lib.versionAtLeast", "--apply", 'f: f "3.11" "3.10"'
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) is True
    # The flake and `import ./tests/hostpkgs {}` give the same derivations.
    proc = nix(
        "eval",
        "--raw",
        f"path:{HOSTPKGS}#legacyPackages.x86_64-linux.python3.pkgs.requests.drvPath",
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == evaluate(nix, "ps.requests.drvPath")


def test_hatchling_backend_builds(nix: NixRunner, tmp_path: Path) -> None:
    src = demo_project(tmp_path, "hatched", ["six"], backend="hatchling")
    out = build(
        nix,
        f"""ps.buildPythonPackage {{
          pname = "hatched"; version = "1.0"; pyproject = true; src = {src};
          build-system = [ ps.hatchling ];
          dependencies = [ ps.six ];
          pythonImportsCheck = [ "hatched" ];
        }}""",
    )
    assert (out / "lib/python3.11/site-packages/hatched-1.0.dist-info").is_dir()


def test_python_version_mismatch_and_disabled_throw(nix: NixRunner) -> None:
    err = eval_error(
        nix,
        """(ps.buildPythonPackage {
          pname = "x"; version = "1"; format = "other"; src = ./.;
          dependencies = [ (ps.six // { pythonModule = pkgs.zlib; }) ];
        }).drvPath""",
    )
    assert "Python version mismatch in 'x-1'" in err
    err = eval_error(
        nix,
        """(ps.buildPythonPackage {
          pname = "x"; version = "1"; format = "other"; src = ./.; disabled = true;
        }).outPath""",
    )
    assert "x-1 not supported for interpreter python3.11" in err


def test_application_is_not_a_module(nix: NixRunner) -> None:
    got = evaluate(
        nix,
        """let app = ps.buildPythonApplication {
          pname = "app"; version = "1"; format = "other"; src = ./.;
        }; in {
          inherit (app) name;
          module = ps.hasPythonModule app;
          inEnv = map (d: d.name or "") (ps.requiredPythonModules [ app ps.six ]);
        }""",
    )
    assert got == {
        "name": "app-1",
        "module": False,
        "inEnv": [f"python3-{HOST['python311']}", f"python3.11-six-{PINS['six']['version']}"],
    }


def test_aarch64_linux_evaluates(nix: NixRunner) -> None:
    got = evaluate(
        nix,
        f"""let a = import {HOSTPKGS} {{ system = "aarch64-linux"; }}; in {{
          cpu = a.stdenv.hostPlatform.parsed.cpu.name;
          wheel = a.python3.pkgs.zstandard.src.name;
        }}""",
    )
    assert got["cpu"] == "aarch64"
    assert "aarch64" in got["wheel"]


def test_wheel_store_name_must_be_the_file_name(nix: NixRunner) -> None:
    wheel = PINS["resolvelib"]["wheel"]
    err = build_error(
        nix,
        f"""ps.resolvelib.overridePythonAttrs {{
          src = pkgs.fetchurl {{
            url = "{wheel["url"]}"; sha256 = "{wheel["sha256"]}"; name = "renamed.whl";
          }};
        }}""",
    )
    assert "Not a valid wheel filename: renamed.whl" in err


def test_metadata_check_on_pname_and_version(nix: NixRunner, tmp_path: Path) -> None:
    src = demo_project(tmp_path, "demo", [])
    wrong_name = demo_package(src).replace('pname = "demo";', 'pname = "other-name";')
    err = build_error(nix, wrong_name)
    assert "no distribution named 'other-name'" in err
    wrong_version = demo_package(src).replace('version = "1.0";', 'version = "2.0";')
    err = build_error(nix, wrong_version)
    assert "version '2.0' does not match the installed metadata version '1.0'" in err
    build(
        nix,
        wrong_version.replace(
            "pyproject = true;", "pyproject = true; dontCheckPythonMetadata = true;"
        ),
    )
    # PEP 440 equality, not string equality: 1.0 == 1.0.0.
    build(nix, demo_package(src).replace('version = "1.0";', 'version = "1.0.0";'))


def test_nixpkgs_style_packages_with_dependencies(nix: NixRunner) -> None:
    env = build(nix, "py.withPackages (ps: [ ps.requests ps.attrs ])")
    names = ["requests", "urllib3", "idna", "certifi", "charset-normalizer", "attrs"]
    got = json.loads(
        run_python(
            env / "bin/python3.11",
            "import json, importlib.metadata as m; "
            f"print(json.dumps({{n: m.version(n) for n in {names!r}}}))",
        )
    )
    assert got == {n: PINS[n]["version"] for n in names}
    # build-system packages are not propagated into the environment, as in nixpkgs.
    assert not (env / "lib/python3.11/site-packages/hatchling").exists()


def test_scope_call_package_and_override_scope(nix: NixRunner) -> None:
    got = evaluate(
        nix,
        """let
          fn = { buildPythonPackage, six, zlib }: buildPythonPackage {
            pname = "x"; version = "1"; format = "other"; src = ./.;
            dependencies = [ six ]; buildInputs = [ zlib ];
          };
          x = ps.callPackage fn { };
          scope2 = ps.overrideScope (final: prev: {
            six = prev.six.overridePythonAttrs (old: { pythonImportsCheck = [ "six.moves" ]; });
          });
          y = scope2.callPackage fn { };
          depName = d: builtins.head (map (p: p.pname) d.propagatedBuildInputs);
        in {
          fromScope = depName x;
          fromPkgs = (builtins.head x.buildInputs).pname;
          overridden = (builtins.head y.propagatedBuildInputs).pythonImportsCheck;
          overrideArg = depName (x.override { six = ps.idna; });
        }""",
    )
    assert got == {
        "fromScope": "six",
        "fromPkgs": "zlib",
        "overridden": ["six.moves"],
        "overrideArg": "idna",
    }


def test_relax_all_and_non_modules_dropped_from_env(nix: NixRunner, tmp_path: Path) -> None:
    src = demo_project(tmp_path, "demo", ["six>=99"])
    out = build(nix, demo_package(src, "dependencies = [ ps.six ]; pythonRelaxDeps = true;"))
    metadata = (out / "lib/python3.11/site-packages/demo-1.0.dist-info/METADATA").read_text()
    assert "Requires-Dist: six\n" in metadata
    names = evaluate(nix, "map (d: d.name) (ps.requiredPythonModules [ pkgs.zlib ps.six ])")
    assert names == [f"python3-{HOST['python311']}", f"python3.11-six-{PINS['six']['version']}"]


def test_check_inputs_only_when_tests_run(nix: NixRunner, tmp_path: Path) -> None:
    src = demo_project(tmp_path, "demo", [])
    recorded = demo_package(
        src, 'nativeCheckInputs = [ ps.six ]; postInstall = "echo $PYTHONPATH > $out/path";'
    )
    with_tests = build(nix, recorded)
    assert "-six-" in (with_tests / "path").read_text()
    untested = recorded.replace("pyproject = true;", "pyproject = true; doCheck = false;")
    without = build(nix, untested)
    assert "-six-" not in (without / "path").read_text()


def test_autopatchelf_runtime_dependencies_and_append_runpaths(nix: NixRunner) -> None:
    out = build(
        nix,
        """pkgs.stdenv.mkDerivation {
          name = "elves";
          dontUnpack = true;
          nativeBuildInputs = [ pkgs.autoPatchelfHook ];
          runtimeDependencies = [ pkgs.libffi ];
          appendRunpaths = [ "/extra/path" ];
          buildPhase = ''
            echo 'int f(void) { return 0; }' > f.c
            echo 'int main(void) { return 0; }' > main.c
            cc -shared -o libf.so f.c
            cc -o prog main.c
          '';
          installPhase = "mkdir -p $out/lib $out/bin && cp libf.so $out/lib/ && cp prog $out/bin/";
        }""",
    )
    libffi = build(nix, "pkgs.libffi")

    def rpath(path: Path) -> list[str]:
        proc = subprocess.run(
            ["patchelf", "--print-rpath", str(path)], capture_output=True, text=True, check=True
        )
        return proc.stdout.strip().split(":")

    assert rpath(out / "bin/prog") == [f"{libffi}/lib", "/extra/path"]
    assert rpath(out / "lib/libf.so") == ["/extra/path"]
    interpreter = subprocess.run(
        ["patchelf", "--print-interpreter", str(out / "bin/prog")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert interpreter == "/lib64/ld-linux-x86-64.so.2"
    assert subprocess.run([str(out / "bin/prog")], check=False).returncode == 0
