# makeWrapper / wrapProgram with the flags of nixpkgs'
# pkgs/build-support/setup-hooks/make-wrapper.sh (written anew).

assertExecutable() {
    local file="$1"
    if [[ ! -f "$file" || ! -x "$file" ]]; then
        echo "Cannot wrap '$file' because it is not an executable file" >&2
        exit 1
    fi
}

# makeWrapper EXECUTABLE OUT_PATH ARGS
makeWrapper() {
    local original="$1" wrapper="$2"
    shift 2
    assertExecutable "$original"
    mkdir -p "$(dirname "$wrapper")"
    local argv0='"$0"' flagsBefore="" flagsAfter="" body="" q
    while [ $# -gt 0 ]; do
        local p="$1"
        shift
        case "$p" in
            --set | --set-default)
                local var="$1" value="$2"
                shift 2
                printf -v q '%q' "$value"
                if [ "$p" = --set ]; then
                    body+="export $var=$q"$'\n'
                else
                    body+="export $var=\${$var-$q}"$'\n'
                fi
                ;;
            --unset)
                body+="unset $1"$'\n'
                shift
                ;;
            --chdir)
                printf -v q '%q' "$1"
                body+="cd $q"$'\n'
                shift
                ;;
            --run)
                body+="$1"$'\n'
                shift
                ;;
            --prefix | --suffix)
                local var="$1" sep="$2" value="$3" qsep
                shift 3
                printf -v q '%q' "$value"
                printf -v qsep '%q' "$sep"
                if [ "$p" = --prefix ]; then
                    body+="export $var=$q\${$var:+$qsep\$$var}"$'\n'
                else
                    body+="export $var=\${$var:+\$$var$qsep}$q"$'\n'
                fi
                ;;
            --prefix-each | --suffix-each)
                local var="$1" sep="$2" values="$3" v qsep
                shift 3
                printf -v qsep '%q' "$sep"
                for v in $values; do
                    printf -v q '%q' "$v"
                    if [ "$p" = --prefix-each ]; then
                        body+="export $var=$q\${$var:+$qsep\$$var}"$'\n'
                    else
                        body+="export $var=\${$var:+\$$var$qsep}$q"$'\n'
                    fi
                done
                ;;
            --add-flags)
                flagsBefore+=" $1"
                shift
                ;;
            --append-flags)
                flagsAfter+=" $1"
                shift
                ;;
            --add-flag)
                printf -v q '%q' "$1"
                flagsBefore+=" $q"
                shift
                ;;
            --append-flag)
                printf -v q '%q' "$1"
                flagsAfter+=" $q"
                shift
                ;;
            --argv0)
                printf -v argv0 '%q' "$1"
                shift
                ;;
            --inherit-argv0)
                argv0='"$0"'
                ;;
            --resolve-argv0) ;;
            *)
                echo "makeWrapper: unknown argument $p" >&2
                exit 1
                ;;
        esac
    done
    printf -v q '%q' "$original"
    {
        echo "#! $SHELL -e"
        printf '%s' "$body"
        echo "exec -a $argv0 $q$flagsBefore \"\$@\"$flagsAfter"
    } > "$wrapper"
    chmod +x "$wrapper"
}

# wrapProgram PROG ARGS: moves PROG to .PROG-wrapped and writes a wrapper in its place.
wrapProgram() {
    local prog="$1"
    shift
    local hidden
    hidden="$(dirname "$prog")/.$(basename "$prog")-wrapped"
    while [ -e "$hidden" ]; do hidden="${hidden}_"; done
    mv "$prog" "$hidden"
    makeWrapper "$hidden" "$prog" --inherit-argv0 "$@"
}
