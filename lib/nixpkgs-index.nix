# The Python packages of `python.pkgs` as plain data for the resolver's
# nixpkgs provider: [ { attr, pname, version } ], sorted by attribute.
# Only pname/version are forced (never a derivation path), each inside
# tryEval, so broken, aliased or platform-disabled attributes drop out
# instead of failing the evaluation.
python:
let
  ps = python.pkgs;
  describe = attr:
    let v = ps.${attr}; in
    if builtins.isAttrs v && v ? pythonModule && v ? pname && v ? version
       && builtins.isString v.pname && builtins.isString v.version
       && v.pname != (python.pname or "python3")
    then [ { inherit attr; inherit (v) pname version; } ]
    else [ ];
  safely = attr:
    let r = builtins.tryEval (let e = describe attr; in builtins.deepSeq e e);
    in if r.success then r.value else [ ];
in
builtins.concatMap safely (builtins.attrNames ps)
