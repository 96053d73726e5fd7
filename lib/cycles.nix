# Break dependency cycles deterministically, so the overlay never recurses
# forever: a depth-first search over the packages in name order, following
# each package's runtime dependencies then its build requirements in sorted
# order, drops every runtime edge that points back to a package on the
# current path (a back edge). The dropped target still enters the
# environment (mkPython takes the closure over all edges); only the build of
# the package that lost the edge does not see it.
#
# A back edge among build requirements cannot be dropped (the build needs
# it), so it is reported as an error naming the cycle.
#
# graph: name -> { runtime = [names]; build = [names]; }
# result: name -> [ runtime dependencies to drop ]
graph:
let
  names = builtins.attrNames graph;

  visit = path: state: node:
    if state.done ? ${node} then state
    else
      let
        node' = graph.${node};
        onPath = path // { ${node} = true; };
        follow = kind: st: dep:
          if !(graph ? ${dep}) then st
          else if onPath ? ${dep} then
            if kind == "runtime"
            then st // { dropped = st.dropped // { ${node} = (st.dropped.${node} or [ ]) ++ [ dep ]; }; }
            else throw "mach-nix: ${node} needs ${dep} to build, and ${dep} depends on ${node} at run time; break the cycle with another provider for one of them."
          else visit onPath st dep;
        afterRuntime = builtins.foldl' (follow "runtime") state node'.runtime;
        afterBuild = builtins.foldl' (follow "build") afterRuntime node'.build;
      in
      afterBuild // { done = afterBuild.done // { ${node} = true; }; };
in
(builtins.foldl' (visit { }) { done = { }; dropped = { }; } names).dropped
