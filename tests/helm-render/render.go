// render.go: a small stand-in for `helm template` and `helm lint` (Helm
// v3.14), for mcpc's tests: Helm itself is not packaged for Debian, but its
// engine is Go's text/template, the sprig functions and a few of its own,
// and those are. This is test code, not part of mcpc; README.md beside it
// says what it follows of Helm and what it leaves out.
//
//	render template CHARTDIR [-f VALUES]... [--set P=V]... [--set-string P=V]...
//	       [--name RELEASE] [--namespace NS] [--kube-version V] [-a APIVERSION]...
//	       [-s templates/FILE]... [--include-crds] [--no-hooks] [--skip-tests]
//	render lint CHARTDIR [-f VALUES]... [--set P=V]... [--set-string P=V]...
//
// template prints the manifests on standard output and exits 0, or prints
// "Error: ..." on standard error and exits 1. lint prints each problem as
// "[ERROR] FILE: message" (and "[WARNING]", "[INFO]") and exits 1 when
// there is an error. A usage error exits 2.
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// options are the command line, shared by both commands.
type options struct {
	chartDir    string
	valueFiles  []string
	sets        []string
	setStrings  []string
	name        string
	namespace   string
	kubeVersion string
	apiVersions []string
	showOnly    []string
	includeCRDs bool
	noHooks     bool
	skipTests   bool
}

func usage(msg string) {
	if msg != "" {
		fmt.Fprintf(os.Stderr, "render: %s\n", msg)
	}
	fmt.Fprint(os.Stderr, `usage: render template CHARTDIR [-f VALUES]... [--set PATH=VALUE]...
         [--set-string PATH=VALUE]... [--name RELEASE] [--namespace NS]
         [--kube-version VERSION] [-a API_VERSION]... [-s templates/FILE]...
         [--include-crds] [--no-hooks] [--skip-tests]
       render lint CHARTDIR [-f VALUES]... [--set PATH=VALUE]... [--set-string PATH=VALUE]...
`)
	os.Exit(2)
}

// parseArgs reads flags wherever they stand (as Helm's command line
// does), as "--flag value" or "--flag=value".
func parseArgs(args []string) options {
	o := options{name: "release-name", namespace: "default"}
	for i := 0; i < len(args); i++ {
		a := args[i]
		name, val, hasVal := a, "", false
		if strings.HasPrefix(a, "-") {
			if eq := strings.Index(a, "="); eq > 0 {
				name, val, hasVal = a[:eq], a[eq+1:], true
			}
		}
		value := func() string {
			if hasVal {
				return val
			}
			i++
			if i >= len(args) {
				usage(fmt.Sprintf("flag %s needs a value", name))
			}
			return args[i]
		}
		switch name {
		case "-f", "--values":
			o.valueFiles = append(o.valueFiles, value())
		case "--set":
			o.sets = append(o.sets, value())
		case "--set-string":
			o.setStrings = append(o.setStrings, value())
		case "--name":
			o.name = value()
		case "-n", "--namespace":
			o.namespace = value()
		case "--kube-version":
			o.kubeVersion = value()
		case "-a", "--api-versions":
			o.apiVersions = append(o.apiVersions, strings.Split(value(), ",")...)
		case "-s", "--show-only":
			o.showOnly = append(o.showOnly, value())
		case "--include-crds":
			o.includeCRDs = true
		case "--no-hooks":
			o.noHooks = true
		case "--skip-tests":
			o.skipTests = true
		case "-h", "--help":
			usage("")
		default:
			if strings.HasPrefix(a, "-") && a != "-" {
				usage(fmt.Sprintf("unknown flag %s", a))
			}
			if o.chartDir != "" {
				usage("one chart directory only")
			}
			o.chartDir = a
		}
	}
	if o.chartDir == "" {
		usage("no chart directory")
	}
	return o
}

// validReleaseName is Helm's rule for release names (chartutil.ValidateReleaseName).
var validReleaseName = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`)

// renderValues builds the values and the built-in objects of a render, as
// chartutil.ToRenderValues does; the values must meet the chart's schema.
func renderValues(c *Chart, user map[string]interface{}, o options, caps *Capabilities, warn func(string)) (map[string]interface{}, error) {
	vals := coalesce(user, c.Values, c.Metadata.Name, warn)
	if c.Schema != nil {
		if err := validateSchema(vals, c.Schema); err != nil {
			return nil, fmt.Errorf("values don't meet the specifications of the schema(s) in the following chart(s):\n%s:\n%s", c.Metadata.Name, err)
		}
	}
	return map[string]interface{}{
		"Values":       Values(vals),
		"Chart":        c.Metadata,
		"Capabilities": caps,
		"Files":        newFiles(c.Files),
		"Release": map[string]interface{}{
			"Name":      o.name,
			"Namespace": o.namespace,
			"IsUpgrade": false,
			"IsInstall": true,
			"Revision":  1,
			"Service":   "Helm",
		},
	}, nil
}

// capabilities are the default ones, or those of --kube-version and
// --api-versions.
func capabilities(o options) (*Capabilities, error) {
	kv := &KubeVersion{Version: "v1.29.0", Major: "1", Minor: "29"}
	if o.kubeVersion != "" {
		parsed, err := parseKubeVersion(o.kubeVersion)
		if err != nil {
			return nil, fmt.Errorf("invalid kube version '%s': %v", o.kubeVersion, err)
		}
		kv = parsed
	}
	apis := append(VersionSet{}, defaultAPIVersions...)
	apis = append(apis, o.apiVersions...)
	return &Capabilities{KubeVersion: *kv, APIVersions: apis, HelmVersion: BuildInfo{Version: HelmVersion}}, nil
}

// isNotes reports a NOTES.txt: rendered (so its errors count) but not a
// manifest.
func isNotes(name string) bool {
	return strings.HasSuffix(name, "NOTES.txt")
}

// runTemplate is `helm template`.
func runTemplate(o options) error {
	if len(o.name) > 53 || !validReleaseName.MatchString(o.name) {
		return fmt.Errorf("release name %q: invalid release name, must match regex %s and the length must not be longer than 53", o.name, validReleaseName.String())
	}
	caps, err := capabilities(o)
	if err != nil {
		return err
	}
	user, err := userValues(o.valueFiles, o.sets, o.setStrings)
	if err != nil {
		return err
	}
	c, err := loadChart(o.chartDir)
	if err != nil {
		return err
	}
	if c.Metadata.Type == "library" {
		return fmt.Errorf("library charts are not installable")
	}
	if c.Metadata.KubeVersion != "" {
		ok, err := kubeVersionMeets(c.Metadata.KubeVersion, caps.KubeVersion.Version)
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("chart requires kubeVersion: %s which is incompatible with Kubernetes %s", c.Metadata.KubeVersion, caps.KubeVersion.Version)
		}
	}
	top, err := renderValues(c, user, o, caps, func(s string) { fmt.Fprintln(os.Stderr, s) })
	if err != nil {
		return err
	}
	e := &Engine{}
	files, err := e.Render(c, top)
	if err != nil {
		return err
	}
	for name := range files {
		if isNotes(name) {
			delete(files, name)
		}
	}
	manifests, hooks, err := sortManifests(files)
	if err != nil {
		return err
	}
	hooks = keepHooks(hooks, o)
	var crds []File
	if o.includeCRDs {
		for _, f := range c.Files {
			if strings.HasPrefix(f.Name, "crds/") {
				crds = append(crds, File{Name: c.Metadata.Name + "/" + f.Name, Data: f.Data})
			}
		}
	}
	stream := formatStream(crds, manifests, hooks)
	if len(o.showOnly) == 0 {
		fmt.Print(stream)
		return nil
	}
	return showOnly(stream, o.showOnly)
}

// keepHooks drops every hook with --no-hooks, and the test hooks with
// --skip-tests (those whose helm.sh/hook lists "test" or Helm 2's
// "test-success").
func keepHooks(hooks []Manifest, o options) []Manifest {
	if o.noHooks {
		return nil
	}
	if !o.skipTests {
		return hooks
	}
	var kept []Manifest
	for _, h := range hooks {
		test := false
		for _, ev := range strings.Split(h.Head.Metadata.Annotations[hookAnnotation], ",") {
			ev = strings.TrimSpace(ev)
			if ev == "test" || ev == "test-success" {
				test = true
			}
		}
		if !test {
			kept = append(kept, h)
		}
	}
	return kept
}

// showOnly prints the documents of the stream whose template matches one of
// the patterns ("templates/x.yaml", shell globs allowed), as --show-only.
func showOnly(stream string, patterns []string) error {
	source := regexp.MustCompile(`# Source: [^/]+/(.+)`)
	var docs []string
	for _, d := range strings.Split(stream, "\n---\n") {
		docs = append(docs, strings.TrimPrefix(strings.TrimSpace(d), "---\n"))
	}
	for _, p := range patterns {
		found := false
		for _, d := range docs {
			m := source.FindStringSubmatch(d)
			if m == nil {
				continue
			}
			if ok, _ := filepath.Match(filepath.ToSlash(p), m[1]); ok {
				fmt.Printf("---\n%s\n", d)
				found = true
			}
		}
		if !found {
			return fmt.Errorf("could not find template %s in chart", p)
		}
	}
	return nil
}

func main() {
	if len(os.Args) < 2 {
		usage("")
	}
	cmd, rest := os.Args[1], os.Args[2:]
	switch cmd {
	case "template":
		o := parseArgs(rest)
		if err := runTemplate(o); err != nil {
			fmt.Fprintf(os.Stderr, "Error: %v\n", err)
			os.Exit(1)
		}
	case "lint":
		o := parseArgs(rest)
		msgs := runLint(o)
		fmt.Printf("==> Linting %s\n", o.chartDir)
		failed := 0
		for _, m := range msgs {
			fmt.Println(m)
			if m.severity == sevError {
				failed = 1
			}
		}
		fmt.Println()
		if failed != 0 {
			fmt.Fprintln(os.Stderr, "Error: 1 chart(s) linted, 1 chart(s) failed")
			os.Exit(1)
		}
		fmt.Println("1 chart(s) linted, 0 chart(s) failed")
	default:
		usage(fmt.Sprintf("unknown command %q", cmd))
	}
}
