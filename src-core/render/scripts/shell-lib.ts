// The shell functions every generated host script starts with. POSIX sh; each *_apply function
// checks before it changes anything, so a second run changes nothing; *_status only reads.

export const SHELL_LIB = String.raw`log() { printf 'lvs-studio: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }
need() { command -v "$1" >/dev/null 2>&1 || die "required command not found: $1"; }

drift=0
report() {
  if [ "$1" = ok ]; then printf 'ok     %s\n' "$2"; else printf 'DRIFT  %s\n' "$2"; drift=3; fi
}

# sysctl KEY VALUE; values compare as sysctl -n prints them, tabs read as spaces.
sysctl_now() { sysctl -n "$1" 2>/dev/null | tr '\t' ' '; }
sysctl_apply() {
  sysctl -n "$1" >/dev/null 2>&1 || die "sysctl $1 does not exist on this kernel"
  if [ "$(sysctl_now "$1")" != "$2" ]; then
    sysctl -q -w "$1=$2" >/dev/null || die "cannot set sysctl $1"
    log "set $1 = $2"
  fi
}
sysctl_status() {
  now=$(sysctl_now "$1")
  [ -n "$now" ] || now='(missing)'
  if [ "$now" = "$2" ]; then report ok "sysctl $1 = $2"; else report drift "sysctl $1 = $now, want $2"; fi
}

# A module is there (loaded or built in) when /sys/module/NAME exists.
module_apply() {
  [ -d "/sys/module/$1" ] && return 0
  command -v modprobe >/dev/null 2>&1 || die "kernel module $1 is not loaded and modprobe is not installed"
  modprobe "$1" || die "cannot load kernel module $1"
  log "loaded kernel module $1"
}

# tunnel DEV MODULE: the module's fallback device, up.
tunnel_apply() {
  if ! ip link show dev "$1" >/dev/null 2>&1; then
    if command -v modprobe >/dev/null 2>&1; then modprobe "$2" || true; fi
    ip link show dev "$1" >/dev/null 2>&1 ||
      die "tunnel device $1 does not exist: this kernel has no $2 module, or it cannot be loaded"
    log "loaded $2 ($1)"
  fi
  if ! ip -o link show dev "$1" | grep -q '[<,]UP[,>]'; then
    ip link set dev "$1" up
    log "brought $1 up"
  fi
}
tunnel_remove() {
  if ip -o link show dev "$1" 2>/dev/null | grep -q '[<,]UP[,>]'; then
    ip link set dev "$1" down
    log "brought $1 down"
  fi
}
tunnel_status() {
  if ip -o link show dev "$1" 2>/dev/null | grep -q '[<,]UP[,>]'; then report ok "tunnel $1 up"; else report drift "tunnel $1 missing or down"; fi
}

# fou PORT: GUE decapsulation on a UDP port.
fou_has() { ip fou show 2>/dev/null | grep -q "^port $1 gue"; }
fou_apply() {
  fou_has "$1" && return 0
  if command -v modprobe >/dev/null 2>&1; then modprobe fou || true; fi
  ip fou add port "$1" gue || die "cannot receive GUE on UDP port $1: this kernel has no fou module, or it cannot be loaded"
  log "receiving GUE on UDP port $1"
}
fou_remove() {
  if fou_has "$1"; then
    ip fou del port "$1"
    log "stopped receiving GUE on UDP port $1"
  fi
}
fou_status() {
  if fou_has "$1"; then report ok "GUE port $1"; else report drift "GUE port $1 not configured"; fi
}

# addr -4|-6 DEV CIDR
addr_has() { ip -o "$1" addr show dev "$2" 2>/dev/null | grep -q -F " $3 "; }
addr_apply() {
  addr_has "$1" "$2" "$3" && return 0
  ip link show dev "$2" >/dev/null 2>&1 || die "interface $2 does not exist"
  if [ "$1" = -6 ]; then ip -6 addr add "$3" dev "$2" nodad; else ip -4 addr add "$3" dev "$2"; fi
  log "added $3 on $2"
}
addr_remove() {
  if addr_has "$1" "$2" "$3"; then
    ip "$1" addr del "$3" dev "$2"
    log "removed $3 from $2"
  fi
}
addr_status() {
  if addr_has "$1" "$2" "$3"; then report ok "address $3 on $2"; else report drift "address $3 missing on $2"; fi
}

# route -4|-6 DST [via GW] [dev DEV]
route_has() { fam=$1; shift; [ -n "$(ip "$fam" route show exact "$@" 2>/dev/null)" ]; }
route_apply() {
  route_has "$@" && return 0
  fam=$1; shift
  ip "$fam" route replace "$@" || die "cannot set route $*"
  log "route $*"
}
route_remove() {
  if route_has "$@"; then
    fam=$1; shift
    ip "$fam" route del "$@"
    log "removed route $*"
  fi
}
route_status() {
  if route_has "$@"; then shift; report ok "route $*"; else shift; report drift "route $* missing"; fi
}
`;

export const MARKS_LIB = String.raw`# Firewall marks: TOOL (iptables|ip6tables) and RULES, a function printing the restore file.
marks_expected() { printf '%s\n' "-N $MARK_CHAIN"; "$1" | grep -e '^-A ' || true; }
marks_now() { "$1" -w -t mangle -S "$MARK_CHAIN" 2>/dev/null || true; }
marks_apply() {
  need "$1"; need "$1-restore"
  if [ "$(marks_now "$1")" != "$(marks_expected "$2")" ]; then
    "$2" | "$1-restore" -w --noflush || die "$1-restore could not load chain $MARK_CHAIN"
    log "loaded $1 mangle chain $MARK_CHAIN"
  fi
  if ! "$1" -w -t mangle -C PREROUTING -j "$MARK_CHAIN" 2>/dev/null; then
    "$1" -w -t mangle -I PREROUTING 1 -j "$MARK_CHAIN"
    log "$1: PREROUTING now jumps to $MARK_CHAIN"
  fi
}
marks_remove() {
  command -v "$1" >/dev/null 2>&1 || return 0
  while "$1" -w -t mangle -D PREROUTING -j "$MARK_CHAIN" 2>/dev/null; do
    log "$1: removed the PREROUTING jump to $MARK_CHAIN"
  done
  if "$1" -w -t mangle -S "$MARK_CHAIN" >/dev/null 2>&1; then
    "$1" -w -t mangle -F "$MARK_CHAIN"
    "$1" -w -t mangle -X "$MARK_CHAIN"
    log "$1: deleted mangle chain $MARK_CHAIN"
  fi
}
marks_status() {
  if [ "$(marks_now "$1")" = "$(marks_expected "$2")" ]; then report ok "$1 mangle chain $MARK_CHAIN"; else report drift "$1 mangle chain $MARK_CHAIN differs"; fi
  if "$1" -w -t mangle -C PREROUTING -j "$MARK_CHAIN" 2>/dev/null; then report ok "$1 PREROUTING jump"; else report drift "$1 PREROUTING jump to $MARK_CHAIN missing"; fi
}
`;
