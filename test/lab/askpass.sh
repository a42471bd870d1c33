#!/bin/sh
# SSH_ASKPASS helper for the lab's password logins: answers any prompt with $LAB_SSH_PASSWORD.
printf '%s\n' "${LAB_SSH_PASSWORD:?}"
