/*
 * rules_fixed.c: the rules mcpc's own stages report (the loader's
 * MCP-YAML-*, the schema engine's MCP-SCHEMA-*, the matrix's MCP-COMPAT-*,
 * files, git, the build, the project file, rule packs and waivers). They
 * belong to no pack, so no project turns one off or changes its severity,
 * but each is listed, explained and documented like a pack's rule, and
 * every id the code reports must stand here (tests/sarif.sh greps the
 * sources for ids this table lacks).
 */
#include <string.h>

#include "mcpc/mcpc.h"
#include "mcpc/rules.h"
#include "mcpc/waivers.h"

typedef struct fixed_rule {
	const char *id, *title, *severity, *category;
	const char *stage; /* the part of mcpc that reports it */
	const char *description, *fix;
	const char *example; /* an input that fires it, or NULL */
} fixed_rule;

/* Sorted by id (a unit test holds it to that). */
static const fixed_rule fixed[] = {
    {"MCP-BUILD-001", "The target Kubernetes serves every kind mcpc emits",
     "error", "build", "the manifest builder",
     "Each kind mcpc emits takes its apiVersion from the compatibility "
     "matrix's kubernetesApis rows, which say from which Kubernetes release "
     "a version is served. A target older than that (an autoscaler, "
     "autoscaling/v2, before Kubernetes 1.23; a disruption budget, "
     "policy/v1, before 1.21) would get objects its API server refuses, so "
     "the build stops. mcpc check reports it too, so a spec that passes "
     "check builds.",
     "raise spec.target.kubernetes, or leave out the part of the spec that "
     "needs the newer kind",
     "spec:\n  target: {kubernetes: \"1.22.0\"}\n  rollout:\n    "
     "autoscaling: {minReplicas: 2, maxReplicas: 4}\n"},
    {"MCP-BUILD-002", "The file holds one ModelDeployment to build", "error",
     "build", "mcpc build",
     "mcpc build writes one deployment's values and manifests, so the file "
     "it is given must hold exactly one ModelDeployment document; the "
     "values schema given with --values-schema must be one schema "
     "document. Anything else stops the build before it writes a file.",
     "give build a file with one ModelDeployment document (split a file "
     "that holds several)",
     "apiVersion: ai102.mcp/v1\nkind: Project\nmetadata: {name: not-a-"
     "deployment}\n"},
    {"MCP-BUILD-003", "The chart's values schema accepts the values", "error",
     "build", "mcpc build --values-schema",
     "With --values-schema FILE, mcpc build holds the values.yaml it would "
     "write to a chart's own values.schema.json, and reports each refusal "
     "at the spec node the value comes from, quoting the schema's message: "
     "a chart that would refuse the values at helm install refuses them at "
     "build time instead.",
     "change the spec so that the value meets the chart's schema, or fix "
     "the chart's schema",
     NULL},
    {"MCP-BUILD-004", "Configuration keys stay distinct once flattened",
     "error", "build", "the manifest builder",
     "config.values is flattened into ConfigMap keys the way Spring's "
     "relaxed binding names them (app: {timeout: 5000} becomes "
     "app.timeout). Two values that flatten to one key (app.timeout beside "
     "app: {timeout}), a key mcpc writes itself (LOG_LEVEL, NACOS_*), or a "
     "flattened key longer than a ConfigMap key's 253 characters cannot be "
     "emitted without losing a value, so the build stops, at the value and "
     "the other place.",
     "rename or remove one of the two values, so that every flattened key "
     "is given once",
     "spec:\n  config:\n    center: configmap\n    values:\n      "
     "app.timeout: 3000\n      app: {timeout: 5000}\n"},
    {"MCP-BUILD-005", "Models of one store share its credentials", "error",
     "build", "the manifest builder",
     "The inference server reads one set of credentials per storage type "
     "(AZURE_STORAGE_KEY and the account for azure-blob, the AWS keys and "
     "region for s3, one key file for gcs). Two models of one type that "
     "name different Secrets, accounts or regions cannot both be served, "
     "so the build stops at the second model's field.",
     "give every model of one storage type the same credentials.secretName "
     "(and, for s3, the same region)",
     "spec:\n  inference:\n    models:\n      - {name: a, format: onnx, "
     "storage: {type: s3, uri: \"s3://mcp-models/a\", credentials: "
     "{secretName: "
     "s3-one}}}\n      - {name: b, format: onnx, storage: {type: s3, uri: "
     "\"s3://mcp-models/b\", credentials: {secretName: s3-two}}}\n"},
    {"MCP-COMPAT-000", "The compatibility matrix is valid", "error",
     "compatibility", "the compatibility checks",
     "Every version verdict rests on the compatibility matrix: the bundled "
     "rules/compat/, the project's matrix folders and --matrix. A matrix "
     "file that does not meet its schema (a row without its source, a "
     "field of the wrong type) or is not a CompatibilityMatrix stops the "
     "check with exit status 2, since a wrong fact would make every "
     "verdict wrong.",
     "fix the matrix file at the place the finding names; every row needs "
     "a source",
     "apiVersion: ai102.mcp/v1\nkind: CompatibilityMatrix\nmetadata: "
     "{name: site}\nspec:\n  triton:\n    - {release: \"24.05\", "
     "minDriver: \"545\"}\n"},
    {"MCP-COMPAT-001", "The matrix knows the release it checks", "warning",
     "compatibility", "the compatibility checks",
     "A Triton or Helm release the matrix has no row for cannot be checked: "
     "its driver, CUDA and Kubernetes needs are unknown. A known Triton "
     "release whose row gives no minComputeCapability leaves the node "
     "pools' GPU models unchecked. mcpc says so instead of passing in "
     "silence.",
     "add the release's row (with its source) in a matrix folder given "
     "with --matrix or the project's spec.matrix",
     "spec:\n  inference: {version: \"19.01\"}\n"},
    {"MCP-COMPAT-002", "The node pools' NVIDIA driver runs the Triton release",
     "error", "compatibility", "the compatibility checks",
     "Each Triton container release is built on a CUDA release that needs a "
     "minimum NVIDIA driver; an older driver fails at start unless it is "
     "one of the release's forward-compatible data-center drivers. The "
     "pool inference.nodePool names is checked, else every pool.",
     "upgrade the pool's gpu.driver, or choose a Triton release its driver "
     "supports",
     "spec:\n  nodePools:\n    - {name: gpu, cpu: 8, memory: 32Gi, gpu: "
     "{count: 1, "
     "driver: \"530.30.02\"}}\n  inference: {version: \"24.05\", nodePool: "
     "gpu}\n"},
    {"MCP-COMPAT-003", "The Triton image tag names the declared release",
     "error", "compatibility", "the compatibility checks",
     "spec.inference.version is the release every other check reads; an "
     "image tag that names another release (tritonserver:24.06-py3 for "
     "24.05) deploys something those checks never saw.",
     "make the image tag's release and inference.version the same",
     "spec:\n  inference:\n    version: \"24.05\"\n    image: "
     "registry.example.com/nvidia/tritonserver:24.06-py3\n"},
    {"MCP-COMPAT-004", "The Helm client supports the target Kubernetes",
     "error", "compatibility", "the compatibility checks",
     "Each Helm minor is built against a range of Kubernetes minors (the "
     "matrix's helm rows, from Helm's version skew policy); outside it, "
     "helm install may fail or misread the cluster.",
     "use a Helm release whose supported range includes the target "
     "Kubernetes minor",
     "spec:\n  target: {kubernetes: \"1.29.4\", helm: \"3.10.0\"}\n"},
    {"MCP-COMPAT-005", "The gRPC keepalive time is not below grpc-go's floor",
     "warning", "compatibility", "the compatibility checks",
     "gRPC clients raise a keepalive time below their minimum (10 seconds "
     "in grpc-go) to that minimum, and servers may answer faster pings "
     "with GOAWAY too_many_pings: the value written is not the one in "
     "effect.",
     "set grpc.keepalive.time to the minimum or above (the standard's 30s)",
     "spec:\n  inference:\n    grpc:\n      keepalive: {time: 5s}\n"},
    {"MCP-COMPAT-006", "The target Kubernetes is inside the supported window",
     "warning", "compatibility", "the compatibility checks",
     "A site's matrix may name the Kubernetes minors it supports "
     "(kubernetes.supported); a target outside that window is running, or "
     "about to run, unsupported. No window is bundled.",
     "plan an upgrade to a supported Kubernetes minor",
     "spec:\n  target: {kubernetes: \"1.29.4\"}  # with a matrix whose "
     "kubernetes.supported is >=1.30\n"},
    {"MCP-COMPAT-007", "Node pools' kubelets are within the version skew",
     "error", "compatibility", "the compatibility checks",
     "Kubernetes supports a kubelet no newer than the API server and at "
     "most three minors older (two before 1.25). A node pool's kubelet "
     "outside that skew is unsupported and may fail to join or to run "
     "pods.",
     "upgrade the pool's kubelet, or keep target.kubernetes within the "
     "skew",
     "spec:\n  target: {kubernetes: \"1.29.4\"}\n  nodePools:\n    - {name: "
     "gpu, cpu: 8, memory: 32Gi, kubelet: \"1.30.0\", gpu: {count: 1}}\n"},
    {"MCP-COMPAT-008", "kubectl is within one minor of the API server",
     "warning", "compatibility", "the compatibility checks",
     "kubectl is supported within one minor of the API server, older or "
     "newer; further apart, apply and diff may misbehave.",
     "use a kubectl within one minor of target.kubernetes",
     "spec:\n  target: {kubernetes: \"1.29.4\", kubectl: \"1.26.0\"}\n"},
    {"MCP-COMPAT-010", "Dependencies are inside the matrix's allowed range",
     "error", "compatibility", "the compatibility checks",
     "The matrix's libraries rows give the versions of a module or package "
     "a site allows. A go.mod requirement or replacement, a "
     "package-lock.json version or a requirements.txt pin outside that "
     "range, or a declared range that admits no allowed version, is a "
     "conflict, reported at the manifest's line.",
     "move the dependency to a version inside the allowed range",
     "# services/user/go.mod, named by a service's dependencies\nrequire "
     "github.com/gin-gonic/gin v1.7.0\n"},
    {"MCP-COMPAT-011", "go.mod's Go is new enough for its libraries", "error",
     "compatibility", "the compatibility checks",
     "A library may need a minimum Go (gin v1.9.1 needs Go 1.16 or later). "
     "A go.mod whose go directive is older (no directive means Go 1.16) "
     "builds with a toolchain the library does not support.",
     "raise the go directive of the go.mod",
     "# services/user/go.mod\ngo 1.13\nrequire github.com/gin-gonic/gin "
     "v1.9.1\n"},
    {"MCP-COMPAT-012", "Services pin one version of a shared dependency",
     "warning", "compatibility", "the compatibility checks",
     "Two services of one spec that pin one module or package at different "
     "versions run different code behind one interface, and a fix made "
     "in one is missing in the other. Reported at the second manifest's "
     "line, with the first as its related place.",
     "pin the same version in every service's manifest",
     "# services/user/go.mod: require google.golang.org/grpc v1.62.1\n# "
     "services/order/go.mod: require google.golang.org/grpc v1.60.0\n"},
    {"MCP-COMPAT-013", "Declared ranges stay inside the allowed range",
     "warning", "compatibility", "the compatibility checks",
     "A declared range (package.json, a requirements.txt specifier set) "
     "that admits versions outside the matrix's allowed range lets a later "
     "install pick one. A dependency a row covers that declares no version, "
     "or one whose version cannot be compared (a git URL, a tag), was not "
     "checked and is reported too.",
     "narrow the declared range to the allowed one, or pin a version",
     "# services/web/package.json\n{\"dependencies\": {\"express\": "
     "\"^4.18.2\"}}\n"},
    {"MCP-COMPAT-014", "GPUs meet the Triton release's compute capability",
     "error", "compatibility", "the compatibility checks",
     "Each Triton release needs a minimum CUDA compute capability (7.5 "
     "from 25.01); a node pool whose GPU model is below it cannot run the "
     "server. The GPU models' capabilities come from the matrix's gpus "
     "table.",
     "choose a newer GPU model for the pool, or a Triton release that "
     "still supports it",
     "spec:\n  inference: {version: \"25.01\", nodePool: gpu}\n  "
     "nodePools:\n    - {name: gpu, gpu: {count: 1, model: v100}}\n"},
    {"MCP-COMPAT-015", "The matrix knows the node pools' GPU models", "warning",
     "compatibility", "the compatibility checks",
     "A GPU model the matrix's gpus table does not list has no known "
     "compute capability, so whether the Triton release runs on it was not "
     "checked: mcpc says so instead of passing in silence.",
     "add a gpus row (model, computeCapability, source) with --matrix DIR",
     "spec:\n  nodePools:\n    - {name: gpu, cpu: 8, memory: 32Gi, gpu: "
     "{count: 1, "
     "model: my-gpu}}\n"},
    {"MCP-DEPS-001", "Dependency manifests are well-formed", "error",
     "dependencies", "the manifest reader",
     "The services' dependency manifests (go.mod, package.json, "
     "package-lock.json, requirements.txt) are read to check their "
     "versions. A malformed line (an unknown go.mod directive, a version "
     "that is not a module version, an invalid PEP 508 or 440 specifier, "
     "an unclosed block, an include that cannot be read or loops) leaves "
     "them unchecked.",
     "fix the manifest line the finding names",
     "# services/user/go.mod\nrequire github.com/gin-gonic/gin one.two\n"},
    {"MCP-DEPS-002", "Dependency manifests can be read", "error",
     "dependencies", "the manifest reader",
     "A manifest named in services[].dependencies (relative to the spec "
     "file) that is missing, unreadable or too large cannot be checked, so "
     "its versions would pass unseen.",
     "correct the path in services[].dependencies, or add the file",
     "spec:\n  services:\n    - name: user\n      image: "
     "registry.example.com/user:1.4.2\n      port: 50051\n      "
     "dependencies: [services/users/go.mod]   # no such file\n"},
    {"MCP-GIT-001", "The repository can be read", "error", "git", "mcpc lint",
     "mcpc lint reads the specs from the git repository: the work tree, the "
     "index (--staged) or a commit (--rev, --since). Not a work tree, an "
     "unknown revision or a missing merge base means nothing was linted; "
     "the run stops with exit status 2.",
     "run lint inside the work tree, name a revision that exists, or fetch "
     "the history the merge base needs (a shallow clone may lack it)",
     NULL},
    {"MCP-GIT-002", "Spec paths are files, not symbolic links", "error", "git",
     "mcpc lint",
     "mcpc never follows a symbolic link where a spec glob matches (it may "
     "lead out of the repository), and never passes it either: the spec it "
     "stands for was not checked.",
     "replace the link with the file, or lint the file where it lives", NULL},
    {"MCP-GIT-003", "Every spec glob matches a file", "warning", "git",
     "mcpc lint",
     "A spec glob of the project file (spec.specs), or the default glob "
     "when there is none, that matches no file of the repository silently "
     "shrinks what every run checks; a typo there is reported at its "
     "line.",
     "correct the glob (globs are paths from the repository's top), or "
     "remove the entry",
     "# .mcpc.yaml\napiVersion: ai102.mcp/v1\nkind: Project\nmetadata: "
     "{name: p}\nspec:\n  specs: [\"deploy/**/*.mcp.yml\"]\n"},
    {"MCP-IO-001", "Inputs can be read", "error", "io", "the loader",
     "A file or folder mcpc was asked to read that cannot be read "
     "(missing, no permission) was not checked; the exit status is 2.",
     "correct the path, or make the file readable", NULL},
    {"MCP-IO-002", "Outputs go only where mcpc may write", "error", "io",
     "mcpc build",
     "mcpc build replaces only a folder it wrote (marked by .mcpc-build) "
     "and never writes through a symbolic link, into the current folder, "
     "the spec's folder, the top of the work tree or a parent of one of "
     "them. An output folder it may not replace, or a file it cannot "
     "write, stops the build with nothing touched.",
     "name an output folder of its own with -o, or move the foreign files "
     "out of it",
     NULL},
    {"MCP-IO-003", "Folders that hold YAML are not passed over", "info", "io",
     "the loader",
     "mcpc check DIR passes over hidden and vendored folders and links to "
     "folders. One that holds YAML files is named, so that a spec there "
     "is not left out unseen.",
     "name the folder to check it", NULL},
    {"MCP-IO-004", "What is named holds something to check", "error", "io",
     "the loader",
     "A folder with no file to check, or a lint path that names no spec or "
     "lies outside the repository, would make a run that checked nothing "
     "look clean; it is exit status 2 instead.",
     "name a file, or a folder that holds .yaml, .yml or .json files", NULL},
    {"MCP-PROJECT-001", "The project file is valid", "error", "project",
     "the project loader",
     "The project file (.mcpc.yaml, kind Project) says which specs, packs, "
     "matrix folders and waivers a run uses. A file that does not meet "
     "its schema, or that names a rule no pack defines (in "
     "spec.rules.disable, enable or severity), stops the run with exit "
     "status 2: no setting of it was used.",
     "fix the project file at the place the finding names; 'mcpc rules' "
     "lists the rule ids",
     "apiVersion: ai102.mcp/v1\nkind: Project\nmetadata: {name: p}\nspec:\n  "
     "rules:\n    disable: [MCP-IMG-01]\n"},
    {"MCP-RULES-000", "Rule packs are valid", "error", "rule-packs",
     "the rules engine",
     "A rule pack (kind RulePack or Permissions, bundled, from the "
     "project's spec.rules.packs or --rules) is validated against its "
     "schema and its regular expressions compiled before any rule runs. "
     "A broken pack stops the run with exit status 2: its rules would "
     "check nothing.",
     "fix the pack at the place the finding names",
     "apiVersion: ai102.mcp/v1\nkind: RulePack\nmetadata: {name: site}\n"
     "spec:\n  rules:\n    - {id: SITE-X-001, title: t, severity: error, "
     "category: config, description: d, match: /spec, assert: {pattern: "
     "\"(\"}, message: m}\n"},
    {"MCP-SCHEMA-000", "The schema is valid", "error", "schema",
     "the schema engine",
     "A JSON Schema that cannot be compiled (a broken keyword, an invalid "
     "regular expression, a schema file of several documents) checks "
     "nothing, so it stops the run with exit status 2; so does a values "
     "file that is not a mapping (mcpc values). A reference that cannot be "
     "resolved is a warning where the schema is compiled, and values that "
     "reach it fail.",
     "fix the schema at the place the finding names",
     "{\"type\": \"object\", \"properties\": {\"a\": {\"type\": "
     "\"integr\"}}}\n"},
    {"MCP-SCHEMA-001", "No unknown properties", "error", "schema",
     "the schema engine",
     "A property the schema does not define is most often a typo, and a "
     "misspelt key is a setting silently ignored. Reported at the key, "
     "with the closest known name.",
     "correct the key (the hint names the closest one), or remove it",
     "spec:\n  rollout:\n    maxParalel: 10\n"},
    {"MCP-SCHEMA-002", "Values have the type the schema asks for", "error",
     "schema", "the schema engine",
     "A value of the wrong type (replicas: \"2\", a string where an integer "
     "goes) is read differently by every tool, or refused at deploy time; "
     "no rule judges it.",
     "write the value with the type the message names (no quotes around a "
     "number)",
     "spec:\n  inference:\n    replicas: \"2\"\n"},
    {"MCP-SCHEMA-003", "Values are among the allowed ones", "error", "schema",
     "the schema engine",
     "A value outside an enumeration (cloud: azrue) is a typo or an "
     "unsupported choice; reported at the value, with the closest allowed "
     "one.",
     "use one of the values the message lists (the hint names the closest)",
     "spec:\n  target:\n    cloud: azrue\n"},
    {"MCP-SCHEMA-004", "Required properties are present", "error", "schema",
     "the schema engine",
     "A property the schema requires is missing; reported at the key of "
     "the object that lacks it.",
     "add the property the message names", "spec:\n  target: {cloud: aws}\n"},
    {"MCP-SCHEMA-005", "Values have the form the schema asks for", "error",
     "schema", "the schema engine",
     "A string that does not match its pattern or format (a quantity such "
     "as 16GB, a malformed duration, image reference or URL, a DNS name "
     "with capitals) would be refused by Kubernetes or misread by mcpc's "
     "checks; the hint shows the schema's examples.",
     "write the value in the form the message names (see the hint's "
     "examples)",
     "spec:\n  requirements: {memory: 16GB}\n"},
    {"MCP-SCHEMA-006", "Values are within range", "error", "schema",
     "the schema engine",
     "A number, length or count outside the schema's bounds (replicas: -1, "
     "a name longer than 63 characters, a repeated list item) is "
     "refused.",
     "bring the value within the bounds the message names",
     "spec:\n  inference:\n    replicas: -1\n"},
    {"MCP-SCHEMA-007", "Values match one alternative of the schema", "error",
     "schema", "the schema engine",
     "A value that matches none or several of the schema's alternatives "
     "(oneOf, not), or that reaches a reference that cannot be resolved, "
     "cannot be checked further.",
     "give the value the form of exactly one alternative, as the message "
     "says",
     NULL},
    {"MCP-WAIVER-001", "Waivers name a rule, a reason and a date", "error",
     "waivers", "the waiver checks",
     "A waiver (an mcpc.io/waive.RULE-ID annotation or an entry of the "
     "waivers file) needs the rule it waives, a reason with at least one "
     "letter or digit, and a valid expiry date (expires=YYYY-MM-DD). One "
     "that lacks any of them waives nothing.",
     "write the waiver as 'REASON; expires=YYYY-MM-DD' under "
     "mcpc.io/waive.RULE-ID",
     "metadata:\n  annotations:\n    mcpc.io/waive.MCP-IMG-001: "
     "\"expires=2099-01-01\"\n"},
    {"MCP-WAIVER-002", "Every waiver matches a finding", "warning", "waivers",
     "the waiver checks",
     "A waiver that no longer matches a finding (the problem was fixed, "
     "the spec moved) lingers and would silently accept the next one. "
     "Reported so that it is removed.",
     "remove the waiver", NULL},
    {"MCP-WAIVER-003", "Waivers expire within the horizon", "error", "waivers",
     "the waiver checks",
     "A waiver is for a while: it may expire at most 365 days after today "
     "(the project's spec.waiverMaxDays sets another horizon). A later "
     "date is refused and waives nothing.",
     "set an expiry date within the horizon, and renew it with a reason "
     "when it runs out",
     "metadata:\n  annotations:\n    mcpc.io/waive.MCP-IMG-001: \"nightly "
     "image; expires=9999-12-31\"\n"},
    {"MCP-WAIVER-004", "Waivers do not name structural rules", "error",
     "waivers", "the waiver checks",
     "Some findings say that mcpc could not check what it was asked to (a "
     "value the schema rejected, a file it could not read); a waiver of "
     "one would let an unchecked value pass, so a waiver that names one is "
     "refused and waives nothing.",
     "fix what the structural finding reports instead of waiving it",
     "metadata:\n  annotations:\n    mcpc.io/waive.MCP-SCHEMA-002: "
     "\"later; expires=2099-01-01\"\n"},
    {"MCP-WAIVER-005", "Waivers name a rule that exists", "error", "waivers",
     "the waiver checks",
     "A waiver of a rule that does not exist (a misspelt id, a rule of a "
     "pack this run does not load) waives nothing, but would pass review "
     "as an accepted finding; it is refused, with the closest id.",
     "correct the rule id (the hint names the closest one)",
     "metadata:\n  annotations:\n    mcpc.io/waive.MCP-IMG-01: \"nightly "
     "image; expires=2099-01-01\"\n"},
    {"MCP-WAIVER-EXPIRED", "Waivers have not expired", "error", "waivers",
     "the waiver checks",
     "A waiver whose date is before today has run out: it waives nothing, "
     "and the findings it named count again.",
     "fix the findings, or renew the waiver with a new date and a reason",
     "metadata:\n  annotations:\n    mcpc.io/waive.MCP-IMG-001: \"nightly "
     "image; expires=2020-01-31\"\n"},
    {"MCP-YAML-001", "The file parses", "error", "yaml", "the loader",
     "A YAML or JSON syntax error stops the reading of the file; what "
     "follows it is not checked. Reported with the parser's message and "
     "where the construct started.",
     "fix the syntax at the place the finding names", "a: [1, 2\nb: 3\n"},
    {"MCP-YAML-002", "A mapping key appears once", "error", "yaml",
     "the loader",
     "YAML parsers disagree on which of two equal keys wins (some take the "
     "first, some the last, some refuse the file), so one spec would mean "
     "different things to different tools. Reported at the second key, "
     "with the first; a second << merge key in one mapping too.",
     "remove one of the two keys",
     "spec:\n  inference:\n    replicas: 2\n    replicas: 4\n"},
    {"MCP-YAML-003", "Booleans are not written as yes, no, on or off",
     "warning", "yaml", "the loader",
     "Unquoted y, n, yes, no, on and off (in any capitalisation) are "
     "strings in YAML 1.2 but booleans in YAML 1.1, which Kubernetes, Helm "
     "and PyYAML read: NO (Norway) becomes false.",
     "quote the value, or write true or false",
     "metadata:\n  labels: {country: NO}\n"},
    {"MCP-YAML-004", "Numbers do not start with a zero", "warning", "yaml",
     "the loader",
     "An unquoted number with a leading zero (0644) is decimal in YAML 1.2 "
     "but octal in YAML 1.1 (0644 is 420): file modes are the usual "
     "victim.",
     "quote the value (\"0644\")",
     "spec:\n  config:\n    values: {mode: 0644}\n"},
    {"MCP-YAML-005", "No base-60 numbers", "warning", "yaml", "the loader",
     "An unquoted 1:30 is a string in YAML 1.2 but the number 90 in YAML "
     "1.1.",
     "quote the value", "spec:\n  config:\n    values: {window: 1:30}\n"},
    {"MCP-YAML-006", "No tabs in indentation", "error", "yaml", "the loader",
     "YAML forbids tabs in indentation. Where one breaks the parse it is "
     "an error; where the parser tolerated it (in a flow collection) it is "
     "a warning, since other parsers may not.",
     "indent with spaces", "spec:\n\tinference: {}\n"},
    {"MCP-YAML-007", "The file is UTF-8 text", "error", "yaml", "the loader",
     "mcpc reads UTF-8. An invalid byte, a UTF-16 or UTF-32 byte-order mark "
     "or a control character means the file is not the text it seems, so "
     "it is not read further.",
     "save the file as UTF-8 without control characters", NULL},
    {"MCP-YAML-008", "Inputs stay within mcpc's limits", "error", "yaml",
     "the loader",
     "Inputs are bounded so that a hostile file cannot exhaust memory or "
     "time: the size of a file (64 MiB) and of a scalar (16 MiB), the "
     "nesting depth (256) and the nodes aliases add (100000: alias "
     "bombs).",
     "make the file smaller or flatter, or remove the aliases that "
     "multiply it; raise the limit (--max-size, --max-scalar, --max-depth, "
     "--max-alias-nodes) only for an input you trust",
     "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
     "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
     "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
     "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
     "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
     "f: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"},
    {"MCP-YAML-009", "Only the YAML core schema's tags", "error", "yaml",
     "the loader",
     "A tag outside the YAML core schema (!!python/object, !vault, ...) "
     "asks some parsers to build objects or run code, and means nothing to "
     "others; a value that does not fit its tag (!!int abc) is refused "
     "too.",
     "remove the tag, and write the value itself",
     "payload: !!python/object/apply:os.system [\"echo hi\"]\n"},
    {"MCP-YAML-010", "Aliases name an anchor", "error", "yaml", "the loader",
     "An alias to no anchor, or to the node that contains it (a recursive "
     "structure), has no value a JSON document can hold.",
     "define the anchor before the alias, or write the value out",
     "base: &base {cpu: 1}\nuse: *missing\n"},
    {"MCP-YAML-011", "Numbers fit JSON", "error", "yaml", "the loader",
     "An integer beyond 64 bits, or a number JSON cannot hold (.inf, .nan, "
     "a float that overflows), would be read differently, or not at all, "
     "by other tools.",
     "write a smaller number, or quote the value if it is text",
     "ratio: .inf\n"},
    {"MCP-YAML-012", "Keys are scalars, merges are mappings", "error", "yaml",
     "the loader",
     "A mapping or a sequence used as a key has no JSON form, and a << "
     "merge key whose value is not a mapping or a list of mappings merges "
     "nothing.",
     "use a plain scalar as the key; merge only mappings",
     "? [a, b]\n: value\n"},
};

#define NFIXED (sizeof(fixed) / sizeof(fixed[0]))

size_t mcp_fixed_rules_count(void)
{
	return NFIXED;
}

size_t mcp_fixed_rules_find(const char *id)
{
	size_t lo = 0, hi = NFIXED;

	while (id && lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(id, fixed[mid].id);
		if (c == 0)
			return mid;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return (size_t)-1;
}

void mcp_fixed_rules_info(size_t i, mcp_rule_info *out)
{
	const fixed_rule *r = &fixed[i];

	memset(out, 0, sizeof(*out));
	out->id = r->id;
	out->title = r->title;
	out->category = r->category;
	out->description = r->description;
	out->fix = r->fix;
	out->example = r->example;
	out->pack = r->stage;
	mcp_severity_parse(&out->severity, r->severity);
	out->enabled = 1;
	out->fixed = 1;
	out->bundled = 1;
	out->waivable = mcp_waiver_rule_waivable(r->id);
}

int mcp_rule_describe(const mcp_rules *r, const char *id, mcp_rule_info *out)
{
	size_t k = r && id ? mcp_rules_find(r, id) : (size_t)-1;

	if (k != (size_t)-1) {
		mcp_rules_info(r, k, out);
		return 0;
	}
	k = mcp_fixed_rules_find(id);
	if (k == (size_t)-1)
		return -1;
	mcp_fixed_rules_info(k, out);
	return 0;
}
