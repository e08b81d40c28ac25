// engine.go: Helm v3's template engine (pkg/engine/engine.go, funcs.go),
// on Go's text/template and the sprig library. Every file under templates/
// is parsed into one template set, so a define in one file is seen by all;
// files whose base name starts with '_' are partials, parsed but not
// rendered. Templates run with missingkey=zero, and the "<no value>" that
// text/template still prints for a missing key is removed from the output.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"text/template"

	"github.com/BurntSushi/toml"
	"github.com/Masterminds/semver"
	"github.com/Masterminds/sprig"
	"sigs.k8s.io/yaml"
)

// HelmVersion is the Helm release whose behaviour this renderer follows;
// .Capabilities.HelmVersion reports it.
const HelmVersion = "v3.14.2"

// How deep include may recurse into one template, as in Helm.
const recursionMaxNums = 1000

// KubeVersion is .Capabilities.KubeVersion.
type KubeVersion struct {
	Version string
	Major   string
	Minor   string
}

// String prints the version, so {{ .Capabilities.KubeVersion }} is "v1.29.0".
func (kv *KubeVersion) String() string { return kv.Version }

// GitVersion is the deprecated name of Version, still used by charts.
func (kv *KubeVersion) GitVersion() string { return kv.Version }

// VersionSet is .Capabilities.APIVersions.
type VersionSet []string

// Has reports whether an API version ("apps/v1") or a resource
// ("apps/v1/Deployment") is known.
func (v VersionSet) Has(apiVersion string) bool {
	for _, x := range v {
		if x == apiVersion {
			return true
		}
	}
	return false
}

// BuildInfo is .Capabilities.HelmVersion.
type BuildInfo struct {
	Version      string `json:"version,omitempty"`
	GitCommit    string `json:"git_commit,omitempty"`
	GitTreeState string `json:"git_tree_state,omitempty"`
	GoVersion    string `json:"go_version,omitempty"`
}

// Capabilities is .Capabilities.
type Capabilities struct {
	KubeVersion KubeVersion
	APIVersions VersionSet
	HelmVersion BuildInfo
}

// defaultAPIVersions are the group versions Helm 3.14 knows without a
// cluster: those of the client-go 0.29 scheme it is built with, plus the
// CRD API (chartutil.DefaultVersionSet). Written out by hand here.
var defaultAPIVersions = VersionSet{
	"v1",
	"admissionregistration.k8s.io/v1", "admissionregistration.k8s.io/v1alpha1", "admissionregistration.k8s.io/v1beta1",
	"apiextensions.k8s.io/v1", "apiextensions.k8s.io/v1beta1",
	"apps/v1", "apps/v1beta1", "apps/v1beta2",
	"authentication.k8s.io/v1", "authentication.k8s.io/v1alpha1", "authentication.k8s.io/v1beta1",
	"authorization.k8s.io/v1", "authorization.k8s.io/v1beta1",
	"autoscaling/v1", "autoscaling/v2", "autoscaling/v2beta1", "autoscaling/v2beta2",
	"batch/v1", "batch/v1beta1",
	"certificates.k8s.io/v1", "certificates.k8s.io/v1alpha1", "certificates.k8s.io/v1beta1",
	"coordination.k8s.io/v1", "coordination.k8s.io/v1beta1",
	"discovery.k8s.io/v1", "discovery.k8s.io/v1beta1",
	"events.k8s.io/v1", "events.k8s.io/v1beta1",
	"extensions/v1beta1",
	"flowcontrol.apiserver.k8s.io/v1", "flowcontrol.apiserver.k8s.io/v1beta1",
	"flowcontrol.apiserver.k8s.io/v1beta2", "flowcontrol.apiserver.k8s.io/v1beta3",
	"internal.apiserver.k8s.io/v1alpha1",
	"networking.k8s.io/v1", "networking.k8s.io/v1alpha1", "networking.k8s.io/v1beta1",
	"node.k8s.io/v1", "node.k8s.io/v1alpha1", "node.k8s.io/v1beta1",
	"policy/v1", "policy/v1beta1",
	"rbac.authorization.k8s.io/v1", "rbac.authorization.k8s.io/v1alpha1", "rbac.authorization.k8s.io/v1beta1",
	"resource.k8s.io/v1alpha2",
	"scheduling.k8s.io/v1", "scheduling.k8s.io/v1alpha1", "scheduling.k8s.io/v1beta1",
	"storage.k8s.io/v1", "storage.k8s.io/v1alpha1", "storage.k8s.io/v1beta1",
}

// parseKubeVersion is chartutil.ParseKubeVersion: any version the
// Masterminds library reads, printed back with a "v".
func parseKubeVersion(s string) (*KubeVersion, error) {
	sv, err := semver.NewVersion(s)
	if err != nil {
		return nil, err
	}
	return &KubeVersion{
		Version: "v" + sv.String(),
		Major:   strconv.FormatUint(sv.Major(), 10),
		Minor:   strconv.FormatUint(sv.Minor(), 10),
	}, nil
}

// toYAML is Helm's toYaml: sigs.k8s.io/yaml, the final newline trimmed, and
// an error swallowed into "".
func toYAML(v interface{}) string {
	data, err := yaml.Marshal(v)
	if err != nil {
		return ""
	}
	return strings.TrimSuffix(string(data), "\n")
}

// toTOML is Helm's toToml: an error is returned as the text.
func toTOML(v interface{}) string {
	b := bytes.NewBuffer(nil)
	if err := toml.NewEncoder(b).Encode(v); err != nil {
		return err.Error()
	}
	return b.String()
}

// fromYAML parses a YAML map; an error lands under the key "Error".
func fromYAML(str string) map[string]interface{} {
	m := map[string]interface{}{}
	if err := yaml.Unmarshal([]byte(str), &m); err != nil {
		m["Error"] = err.Error()
	}
	return m
}

// fromYAMLArray parses a YAML list; an error becomes its only element.
func fromYAMLArray(str string) []interface{} {
	a := []interface{}{}
	if err := yaml.Unmarshal([]byte(str), &a); err != nil {
		a = []interface{}{err.Error()}
	}
	return a
}

func toJSON(v interface{}) string {
	data, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(data)
}

func fromJSON(str string) map[string]interface{} {
	m := make(map[string]interface{})
	if err := json.Unmarshal([]byte(str), &m); err != nil {
		m["Error"] = err.Error()
	}
	return m
}

func fromJSONArray(str string) []interface{} {
	a := []interface{}{}
	if err := json.Unmarshal([]byte(str), &a); err != nil {
		a = []interface{}{err.Error()}
	}
	return a
}

// funcMap is sprig's text functions without env and expandenv (a chart
// must not read the environment), plus Helm's own. include, tpl, required
// and fail are bound per render (bindFuncs); lookup answers an empty map,
// as `helm template` does with no cluster.
func funcMap() template.FuncMap {
	f := sprig.TxtFuncMap()
	delete(f, "env")
	delete(f, "expandenv")
	extra := template.FuncMap{
		"toToml":        toTOML,
		"toYaml":        toYAML,
		"fromYaml":      fromYAML,
		"fromYamlArray": fromYAMLArray,
		"toJson":        toJSON,
		"fromJson":      fromJSON,
		"fromJsonArray": fromJSONArray,
		"include":       func(string, interface{}) string { return "not implemented" },
		"tpl":           func(string, interface{}) interface{} { return "not implemented" },
		"required":      func(string, interface{}) (interface{}, error) { return "not implemented", nil },
		"lookup": func(string, string, string, string) (map[string]interface{}, error) {
			return map[string]interface{}{}, nil
		},
	}
	for k, v := range extra {
		f[k] = v
	}
	return f
}

// Messages of required and fail travel inside a text/template error
// between these markers, so that the error can be reduced to them.
const (
	warnStart = "HELM_ERR_START"
	warnEnd   = "HELM_ERR_END"
)

var warnRegex = regexp.MustCompile(warnStart + `(.*)` + warnEnd)

func warnWrap(s string) string { return warnStart + s + warnEnd }

// Engine renders a chart's templates. In lint mode required and fail
// report instead of failing, as `helm lint` renders.
type Engine struct {
	LintMode bool
	Log      func(string)
}

func includeFun(t *template.Template, seen map[string]int) func(string, interface{}) (string, error) {
	return func(name string, data interface{}) (string, error) {
		var buf strings.Builder
		if seen[name] > recursionMaxNums {
			return "", fmt.Errorf("rendering template has a nested reference name: %s: unable to execute template", name)
		}
		seen[name]++
		err := t.ExecuteTemplate(&buf, name, data)
		seen[name]--
		return buf.String(), err
	}
}

// tplFun renders a string as a template, in a copy of the whole template
// set (so it can include the chart's defines, and define its own).
func tplFun(parent *template.Template, seen map[string]int) func(string, interface{}) (string, error) {
	return func(tpl string, vals interface{}) (string, error) {
		t, err := parent.Clone()
		if err != nil {
			return "", fmt.Errorf("cannot clone template: %v", err)
		}
		// Clone does not carry the missingkey option (golang/go#43022).
		t.Option("missingkey=zero")
		t.Funcs(template.FuncMap{
			"include": includeFun(t, seen),
			"tpl":     tplFun(t, seen),
		})
		t, err = t.New(parent.Name()).Parse(tpl)
		if err != nil {
			return "", fmt.Errorf("cannot parse template %q: %v", tpl, err)
		}
		var buf strings.Builder
		if err := t.Execute(&buf, vals); err != nil {
			return "", fmt.Errorf("error during tpl function execution for %q: %v", tpl, err)
		}
		return strings.ReplaceAll(buf.String(), "<no value>", ""), nil
	}
}

func (e *Engine) logf(format string, a ...interface{}) {
	if e.Log != nil {
		e.Log(fmt.Sprintf(format, a...))
	} else {
		log.Printf(format, a...)
	}
}

func (e *Engine) bindFuncs(t *template.Template) {
	f := funcMap()
	seen := map[string]int{}
	f["include"] = includeFun(t, seen)
	f["tpl"] = tplFun(t, seen)
	f["required"] = func(warn string, val interface{}) (interface{}, error) {
		if s, isString := val.(string); val == nil || (isString && s == "") {
			if e.LintMode {
				e.logf("[INFO] Missing required value: %s", warn)
				return "", nil
			}
			return val, fmt.Errorf("%s", warnWrap(warn))
		}
		return val, nil
	}
	f["fail"] = func(msg string) (string, error) {
		if e.LintMode {
			e.logf("[INFO] Fail: %s", msg)
			return "", nil
		}
		return "", fmt.Errorf("%s", warnWrap(msg))
	}
	t.Funcs(f)
}

// byPathLen orders template names as Helm parses them: fewer slashes
// first, then by name; Helm walks this order backwards, so the deepest
// names are parsed first and, of two defines with one name, the one parsed
// last (in the shallowest, alphabetically first file) wins.
type byPathLen []string

func (p byPathLen) Len() int      { return len(p) }
func (p byPathLen) Swap(i, j int) { p[i], p[j] = p[j], p[i] }
func (p byPathLen) Less(i, j int) bool {
	ca, cb := strings.Count(p[i], "/"), strings.Count(p[j], "/")
	if ca == cb {
		return p[i] < p[j]
	}
	return ca < cb
}

// Render renders every template of the chart with top (the built-in
// objects, .Values among them) and returns the output by template name
// ("CHART/templates/FILE"). Partials are parsed, not rendered.
func (e *Engine) Render(c *Chart, top map[string]interface{}) (map[string]string, error) {
	t := template.New("gotpl")
	t.Option("missingkey=zero")
	e.bindFuncs(t)

	sources := map[string]string{}
	keys := make([]string, 0, len(c.Templates))
	for _, f := range c.Templates {
		name := path.Join(c.Metadata.Name, f.Name)
		sources[name] = string(f.Data)
		keys = append(keys, name)
	}
	sort.Sort(sort.Reverse(byPathLen(keys)))
	for _, name := range keys {
		if _, err := t.New(name).Parse(sources[name]); err != nil {
			return nil, cleanupParseError(name, err)
		}
	}
	out := make(map[string]string, len(keys))
	base := path.Join(c.Metadata.Name, "templates")
	for _, name := range keys {
		if strings.HasPrefix(path.Base(name), "_") {
			continue
		}
		vals := map[string]interface{}{}
		for k, v := range top {
			vals[k] = v
		}
		vals["Template"] = map[string]interface{}{"Name": name, "BasePath": base}
		var buf strings.Builder
		if err := t.ExecuteTemplate(&buf, name, vals); err != nil {
			return nil, cleanupExecError(name, err)
		}
		out[name] = strings.ReplaceAll(buf.String(), "<no value>", "")
	}
	return out, nil
}

// cleanupParseError shortens text/template's parse error to its place and
// message, as Helm prints it.
func cleanupParseError(name string, err error) error {
	tokens := strings.Split(err.Error(), ": ")
	if len(tokens) == 1 {
		return fmt.Errorf("parse error in (%s): %s", name, err)
	}
	return fmt.Errorf("parse error at (%s): %s", tokens[1], tokens[len(tokens)-1])
}

// cleanupExecError reduces an error of required or fail to its message and
// the place it was raised; other errors keep text/template's wording.
func cleanupExecError(name string, err error) error {
	if _, ok := err.(template.ExecError); !ok {
		return err
	}
	tokens := strings.SplitN(err.Error(), ": ", 3)
	if len(tokens) != 3 {
		return fmt.Errorf("execution error in (%s): %s", name, err)
	}
	if parts := warnRegex.FindStringSubmatch(tokens[2]); len(parts) >= 2 {
		return fmt.Errorf("execution error at (%s): %s", tokens[1], parts[1])
	}
	return err
}

// kubeVersionMeets checks the chart's kubeVersion constraint against the
// Kubernetes version, as chartutil.IsCompatibleRange does; an invalid
// constraint is an error here, not just "incompatible".
func kubeVersionMeets(constraint, version string) (bool, error) {
	v, err := semver.NewVersion(version)
	if err != nil {
		return false, fmt.Errorf("invalid Kubernetes version %q: %v", version, err)
	}
	c, err := semver.NewConstraint(constraint)
	if err != nil {
		return false, fmt.Errorf("chart's kubeVersion %q is not a valid constraint: %v", constraint, err)
	}
	return c.Check(v), nil
}
