# PEP 503 name normalisation and PEP 508 name extraction, in plain builtins.
# The resolved set is keyed by canonical names; user input (`_` keys,
# provider keys, requirement lines) may be spelled any way PyPI accepts.
let
  upper = [ "A" "B" "C" "D" "E" "F" "G" "H" "I" "J" "K" "L" "M" "N" "O" "P" "Q" "R" "S" "T" "U" "V" "W" "X" "Y" "Z" ];
  lower = [ "a" "b" "c" "d" "e" "f" "g" "h" "i" "j" "k" "l" "m" "n" "o" "p" "q" "r" "s" "t" "u" "v" "w" "x" "y" "z" ];
  toLower = builtins.replaceStrings upper lower;

  canonical = name:
    toLower (builtins.concatStringsSep "-"
      (builtins.filter builtins.isString (builtins.split "[-_.]+" name)));

  # The project name a PEP 508 requirement line starts with, or null for
  # blank lines, comments and pip options (`-r`, `--index-url`).
  requirementName = line:
    let m = builtins.match "[[:space:]]*([A-Za-z0-9][A-Za-z0-9._-]*).*" line;
    in if m == null then null else canonical (builtins.head m);

  lines = text: builtins.filter builtins.isString (builtins.split "\n" text);

  requirementNames = text:
    builtins.filter (n: n != null) (map requirementName (lines text));
in
{
  inherit toLower canonical requirementName requirementNames lines;
}
