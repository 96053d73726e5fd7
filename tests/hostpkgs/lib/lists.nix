# Mirrors nixpkgs lib/lists.nix (subset).
{ lib }:
let inherit (builtins) length elemAt genList foldl' filter concatLists head tail elem;
in rec {
  inherit (builtins) head tail length elem elemAt filter concatLists genList map sort
    partition concatMap all any;
  foldl' = builtins.foldl';
  foldr = op: nul: list:
    let len = length list; go = n: if n == len then nul else op (elemAt list n) (go (n + 1));
    in go 0;
  foldl = op: nul: list: foldl' op nul list;
  singleton = x: [ x ];
  toList = x: if builtins.isList x then x else [ x ];
  optional = cond: elem: if cond then [ elem ] else [ ];
  optionals = cond: elems: if cond then elems else [ ];
  flatten = x: if builtins.isList x then concatMap flatten x else [ x ];
  remove = e: filter (x: x != e);
  unique = foldl' (acc: e: if elem e acc then acc else acc ++ [ e ]) [ ];
  uniqueStrings = list: builtins.attrNames (builtins.listToAttrs (map (n: { name = n; value = null; }) list));
  last = list: elemAt list (length list - 1);
  init = list: genList (elemAt list) (length list - 1);
  take = n: list: genList (elemAt list) (lib.min n (length list));
  drop = n: list: let l = length list; in if n >= l then [ ] else genList (i: elemAt list (i + n)) (l - n);
  sublist = start: count: list: take count (drop start list);
  range = first: last: if first > last then [ ] else genList (n: first + n) (last - first + 1);
  replicate = n: x: genList (_: x) n;
  reverseList = xs: let l = length xs; in genList (n: elemAt xs (l - n - 1)) l;
  findFirst = pred: default: list:
    let found = filter pred list; in if found == [ ] then default else head found;
  findSingle = pred: default: multiple: list:
    let found = filter pred list; in
    if found == [ ] then default else if length found > 1 then multiple else head found;
  imap0 = f: list: genList (n: f n (elemAt list n)) (length list);
  imap1 = f: list: genList (n: f (n + 1) (elemAt list n)) (length list);
  zipListsWith = f: a: b: genList (n: f (elemAt a n) (elemAt b n)) (lib.min (length a) (length b));
  zipLists = zipListsWith (fst: snd: { inherit fst snd; });
  count = pred: foldl' (c: x: if pred x then c + 1 else c) 0;
  subtractLists = e: filter (x: !(elem x e));
  intersectLists = e: filter (x: elem x e);
  mutuallyExclusive = a: b: length a == 0 || !(any (x: elem x a) b);
  groupBy' = op: nul: pred: foldl' (r: e: let key = pred e; in r // { ${key} = op (r.${key} or nul) e; }) { };
  groupBy = pred: groupBy' (acc: e: acc ++ [ e ]) [ ] pred;
  ifilter0 = ipred: input: map (i: elemAt input i) (filter (i: ipred i (elemAt input i)) (genList (x: x) (length input)));
  sortOn = f: list: map (p: p.x) (builtins.sort (a: b: a.k < b.k) (map (x: { inherit x; k = f x; }) list));
}
