export const USAGE = `Usage: lvs-studio <command> [options]

Commands:
  validate PLAN [--json]                      check a plan; exit 0 when no error, 1 when errors
  export PLAN --format FORMAT [--out DIR]     generate configuration
        FORMAT: ipvsadm-save | keepalived | scripts | bundle
        --host NAME      the director (ipvsadm-save, keepalived) or host (scripts) to export
        --kernel-view    ipvsadm-save exactly as 'ipvsadm -Sn' prints it (no -x/-y thresholds)
        --force          export even when the plan has errors
  import FILE --from ipvsadm-save|keepalived [--out PLAN] [--name NAME]
                                              turn an existing configuration into a plan (YAML)
  deploy PLAN [--inventory FILE] [--dry-run] [--only HOST,...] [--yes]
                                              deploy the plan over SSH (docs/deploy.md)
        --known-hosts FILE      known_hosts to check host keys against (repeatable;
                                default ~/.ssh/known_hosts)
        --accept-host-key SHA256:...   accept this unknown host key for this run
        --log FILE              deploy log (default PLAN.deploy-log.jsonl)
        exit 0 deployed, 1 a host failed (changed hosts rolled back), 2 errors
  status PLAN [--inventory FILE] [--json]     drift per host: exit 0 none, 1 drift, 2 errors
  schema                                      print the plan's JSON Schema
  help                                        this text

Options for every command:
  --lang en|zh       language of messages (default: from LANG)

Exit codes: 0 success, 1 the plan has errors, 2 usage, file or parse error.
`;
