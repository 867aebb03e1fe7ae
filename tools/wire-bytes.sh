#!/bin/bash
# Bytes on the wire for an idle minute of ioc's console and of htop, both over a real SSH
# session on the loopback interface: what the terminal receives (tmux pipe-pane) beside what
# crossed the wire (the loopback's byte counter), and their ratio. Run as root; needs sshd,
# ssh, tmux and htop. Usage: tools/wire-bytes.sh [path/to/ioc] [seconds]
set -euo pipefail
ioc=$(readlink -f "${1:-.build/release/ioc}")
seconds=${2:-60}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/ioc-wire.XXXXXX)
user=iocwire$$
cleanup() { tmux -L wire kill-server 2>/dev/null || true; [ -f "$work/sshd.pid" ] && kill "$(cat "$work/sshd.pid")" 2>/dev/null; pkill -u "$user" 2>/dev/null || true; userdel "$user" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
chmod 755 "$work"
useradd -M -d "$work/home" -s /bin/bash "$user"; usermod -p '*' "$user"
mkdir -p "$work/home" /run/sshd && cp -r "$root/config" "$work/home/" && cp "$ioc" "$work/ioc" && chown -R "$user" "$work/home"
ssh-keygen -q -t ed25519 -N '' -f "$work/host"; ssh-keygen -q -t ed25519 -N '' -f "$work/key"
mkdir "$work/keys" && cp "$work/key.pub" "$work/keys/$user" && chmod -R a+rX "$work/keys"
port=$((20000 + $$ % 20000))
cat > "$work/sshd_config" <<CONF
Port $port
ListenAddress 127.0.0.1
HostKey $work/host
PidFile $work/sshd.pid
AuthorizedKeysFile $work/keys/%u
StrictModes no
UsePAM no
AcceptEnv LANG
CONF
/usr/sbin/sshd -f "$work/sshd_config"
sleep 1
ssh_to() { echo "ssh -q -t -i $work/key -p $port -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o SendEnv=LANG $user@127.0.0.1 '$1'"; }
measure() { # name, remote command
    tmux -L wire kill-server 2>/dev/null || true
    : > "$work/$1.out"
    tmux -L wire -f /dev/null new-session -d -x 160 -y 48 "env LANG=C.UTF-8 TERM=xterm-256color $(ssh_to "$2"); sleep 600"
    sleep 8    # start-up and first frames, not counted
    tmux -L wire pipe-pane -o "cat >> $work/$1.out"
    local before; before=$(cat /sys/class/net/lo/statistics/tx_bytes)
    sleep "$seconds"
    local after; after=$(cat /sys/class/net/lo/statistics/tx_bytes)
    tmux -L wire pipe-pane
    local terminal; terminal=$(stat -c %s "$work/$1.out")
    local wire=$((after - before))
    awk -v n="$1" -v t="$terminal" -v w="$wire" -v s="$seconds" \
        'BEGIN { printf "%-5s terminal %8d bytes, wire %8d bytes in %d s: wire/terminal %.2f\n", n, t, w, s, (t > 0 ? w / t : 0) }'
}
# ioc: its own store in the user's home, the simulator on (values change as in a live center).
measure ioc "cd ~ && $work/ioc --config config --store data/ioc.sqlite --no-history"
measure htop "htop"
