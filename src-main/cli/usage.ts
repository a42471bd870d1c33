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
  schema                                      print the plan's JSON Schema
  help                                        this text

Options for every command:
  --lang en|zh       language of messages (default: from LANG)

Exit codes: 0 success, 1 the plan has errors, 2 usage, file or parse error.
`;
