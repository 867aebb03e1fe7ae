#!/bin/sh
# `make install` and `make uninstall`: what goes where. Every file install adds is listed in
# $PREFIX/share/ioc/installed.txt, so uninstall removes exactly those (configuration the
# administrator edited stays). Never overwrites an edited /etc/ioc: new defaults go beside it
# as *.dist.
set -eu
action=$1
: "${PREFIX:=/usr/local}" "${DESTDIR:=}" "${SYSCONFDIR:=/etc}" "${STATEDIR:=/var/lib/ioc}" "${IOC_BINARY:=.build/release/ioc}"
: "${UNITDIR:=$PREFIX/lib/systemd/system}" "${GROUP:=ioc-operators}" "${ACCOUNT:=ioc}"
BINDIR=$PREFIX/bin
MANIFEST=$DESTDIR$PREFIX/share/ioc/installed.txt
root=$(cd "$(dirname "$0")/.." && pwd)

# install_file SRC DEST MODE: copies and records DEST.
install_file() {
    install -D -m "$3" "$1" "$DESTDIR$2"
    echo "$2" >> "$MANIFEST.new"
}

# filled SRC: the file with @BINDIR@, @SYSCONFDIR@ and @STATEDIR@ filled in.
filled() {
    sed -e "s|@BINDIR@|$BINDIR|g" -e "s|@SYSCONFDIR@|$SYSCONFDIR|g" -e "s|@STATEDIR@|$STATEDIR|g" "$1"
}

# config_file SRC DEST: a configuration file; an edited one stays and the new one goes beside it.
# The manifest keeps its checksum, so uninstall can tell an edited file from the shipped one.
config_file() {
    if [ -e "$DESTDIR$2" ] && ! cmp -s "$1" "$DESTDIR$2"; then
        install -D -m 644 "$1" "$DESTDIR$2.dist"
        echo "$2.dist" >> "$MANIFEST.new"
        echo "  kept your $2; the new default is $2.dist"
    else
        install -D -m 644 "$1" "$DESTDIR$2"
        echo "$2 $(sha256sum < "$1" | cut -d' ' -f1)" >> "$MANIFEST.new"
    fi
}

case $action in
install)
    [ -x "$IOC_BINARY" ] || { echo "install: $IOC_BINARY is missing: run 'make' first" >&2; exit 1; }
    mkdir -p "$(dirname "$MANIFEST")"
    : > "$MANIFEST.new"
    install_file "$IOC_BINARY" "$BINDIR/ioc" 755
    # The configuration, with the store and inbox in the state directory.
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    cp -R "$root/config/." "$tmp/"
    sed -i -e "s|^store: .*|store: $STATEDIR/ioc.sqlite        # the service account's state directory|" \
           -e "s|inbox: { path: [^}]* }|inbox: { path: $STATEDIR/inbox }|" "$tmp/ioc.yaml"
    (cd "$tmp" && find . -type f | sort) | while read -r f; do
        config_file "$tmp/$f" "$SYSCONFDIR/ioc/${f#./}"
    done
    "$IOC_BINARY" --generate-completion-script bash > "$tmp/ioc.bash"
    "$IOC_BINARY" --generate-completion-script zsh > "$tmp/_ioc"
    "$IOC_BINARY" --generate-completion-script fish > "$tmp/ioc.fish"
    install_file "$tmp/ioc.bash" "$PREFIX/share/bash-completion/completions/ioc" 644
    install_file "$tmp/_ioc" "$PREFIX/share/zsh/site-functions/_ioc" 644
    install_file "$tmp/ioc.fish" "$PREFIX/share/fish/vendor_completions.d/ioc.fish" 644
    python3 "$root/tools/manpage.py" "$IOC_BINARY" > "$tmp/ioc.1"
    install_file "$tmp/ioc.1" "$PREFIX/share/man/man1/ioc.1" 644
    # Example notification receivers (none is required; notify.yaml names what it uses).
    for receiver in "$root"/packaging/notify/*; do
        install_file "$receiver" "$PREFIX/lib/ioc/$(basename "$receiver")" 755
    done
    filled "$root/packaging/ioc.service" > "$tmp/ioc.service"
    install_file "$tmp/ioc.service" "$UNITDIR/ioc.service" 644
    filled "$root/packaging/sshd-ioc.conf" > "$tmp/ioc.conf"
    install_file "$tmp/ioc.conf" "$SYSCONFDIR/ssh/sshd_config.d/ioc.conf" 644
    # The state directory; on the real system, the account and group too.
    install -d -m 2750 "$DESTDIR$STATEDIR"
    if [ -z "$DESTDIR" ] && [ "$(id -u)" = 0 ]; then
        getent group "$GROUP" >/dev/null || groupadd --system "$GROUP"
        id "$ACCOUNT" >/dev/null 2>&1 || useradd --system --gid "$GROUP" --home-dir "$STATEDIR" --shell /usr/sbin/nologin "$ACCOUNT"
        chown "$ACCOUNT:$GROUP" "$STATEDIR"
        chmod 2750 "$STATEDIR"
    fi
    # Files a second install wrote again are listed once (the newer line wins).
    { cat "$MANIFEST.new"; [ -f "$MANIFEST" ] && cat "$MANIFEST"; } | awk '!seen[$1]++' | sort > "$MANIFEST.tmp"
    rm -f "$MANIFEST.new"
    mv "$MANIFEST.tmp" "$MANIFEST"
    echo "installed ioc under $DESTDIR$PREFIX, configuration in $DESTDIR$SYSCONFDIR/ioc, state in $DESTDIR$STATEDIR"
    ;;
uninstall)
    [ -f "$MANIFEST" ] || { echo "uninstall: no $MANIFEST: nothing was installed here" >&2; exit 1; }
    while read -r f sum; do
        # Configuration the administrator edited since it was installed stays.
        if [ -n "$sum" ] && [ -f "$DESTDIR$f" ] && [ "$(sha256sum < "$DESTDIR$f" | cut -d' ' -f1)" != "$sum" ]; then
            echo "  kept your edited $f"
        else
            rm -f "$DESTDIR$f"
        fi
    done < "$MANIFEST"
    rm -f "$MANIFEST"
    # Folders install made and left empty go too; the state directory (the store) stays.
    for d in "$SYSCONFDIR/ioc/indicators" "$SYSCONFDIR/ioc/seed" "$SYSCONFDIR/ioc" "$PREFIX/share/ioc"; do
        rmdir "$DESTDIR$d" 2>/dev/null || true
    done
    echo "uninstalled ioc from $DESTDIR$PREFIX (the store in $STATEDIR stays)"
    ;;
*)
    echo "usage: install.sh install|uninstall" >&2
    exit 2
    ;;
esac
