#!/bin/sh
# Becomes one lab host's sshd. Runs (via unshare --mount --uts) in fresh mount and UTS namespaces
# inside the host's network namespace: sets the host name, puts copy-on-write overlays over /etc,
# /var/lib, /var/log and /root and a private tmpfs on /run, so whatever a deploy writes stays in
# the host. Optional LAB_ROOT_PASSWORD sets root's password in the private /etc/shadow;
# optional LAB_SUDO_USER/LAB_SUDO_PASSWORD add a user who may sudo with that password.
# Usage: host-init.sh <hostname> <hostDir>   (hostDir holds sshd_config, host key, sshd.log)
set -eu
name=$1
dir=$2
hostname "$name"
# Upper layers on a tmpfs: overlayfs refuses an upper dir on overlayfs (/tmp in a container), and
# the tmpfs vanishes with the host's mount namespace.
mkdir -p "$dir/overlay"
mount -t tmpfs -o mode=0700 lab-overlay "$dir/overlay"
for d in etc var/lib var/log root; do
  key=$(printf '%s' "$d" | tr / _)
  mkdir -p "$dir/overlay/$key/upper" "$dir/overlay/$key/work"
  mount -t overlay "lab-$key" -o "lowerdir=/$d,upperdir=$dir/overlay/$key/upper,workdir=$dir/overlay/$key/work" "/$d"
done
# The agent's state is the lab host's own: whatever this machine has there (a manual run) stays out.
mkdir -p /var/lib/lvs-studio
mount -t tmpfs -o mode=0700 lab-agent-state /var/lib/lvs-studio
mount -t tmpfs -o mode=0755 lab-run /run
mkdir -p /run/sshd
printf '%s\n' "$name" >/etc/hostname
if [ -n "${LAB_ROOT_PASSWORD:-}" ]; then
  printf 'root:%s\n' "$LAB_ROOT_PASSWORD" | chpasswd
fi
unset LAB_ROOT_PASSWORD
# sudo resolves the host name; without this line it warns on every command.
printf '127.0.1.1 %s\n' "$name" >>/etc/hosts
if [ -n "${LAB_SUDO_USER:-}" ]; then
  useradd -M -d /nonexistent -s /bin/sh "$LAB_SUDO_USER"
  printf '%s:%s\n' "$LAB_SUDO_USER" "$LAB_SUDO_PASSWORD" | chpasswd
  printf '%s ALL=(ALL:ALL) ALL\n' "$LAB_SUDO_USER" >/etc/sudoers.d/lab-sudo-user
  chmod 0440 /etc/sudoers.d/lab-sudo-user
  install -m 0644 "$LAB_AUTHORIZED_KEYS" /etc/ssh/lab_authorized_keys
fi
unset LAB_SUDO_USER LAB_SUDO_PASSWORD LAB_AUTHORIZED_KEYS
exec /usr/sbin/sshd -D -f "$dir/sshd_config" -E "$dir/sshd.log"
