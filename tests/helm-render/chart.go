// chart.go: a chart directory read as Helm v3's loader reads it
// (pkg/chart/loader/load.go, pkg/chart/metadata.go): Chart.yaml into the
// metadata that .Chart shows, values.yaml, values.schema.json, every file
// under templates/ as a template, and every other file (crds/ too) for
// .Files. Subcharts (charts/) are not supported: a chart with any is
// refused rather than rendered without them.
package main

import (
	"encoding/base64"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/Masterminds/semver"
	"github.com/gobwas/glob"
	"sigs.k8s.io/yaml"
)

// Maintainer, Dependency and Metadata are Chart.yaml, with the field names
// Helm gives them (so .Chart.AppVersion, .Chart.KubeVersion, ...).
type Maintainer struct {
	Name  string `json:"name,omitempty"`
	Email string `json:"email,omitempty"`
	URL   string `json:"url,omitempty"`
}

type Dependency struct {
	Name         string        `json:"name"`
	Version      string        `json:"version,omitempty"`
	Repository   string        `json:"repository"`
	Condition    string        `json:"condition,omitempty"`
	Tags         []string      `json:"tags,omitempty"`
	Enabled      bool          `json:"enabled,omitempty"`
	ImportValues []interface{} `json:"import-values,omitempty"`
	Alias        string        `json:"alias,omitempty"`
}

type Metadata struct {
	Name         string            `json:"name,omitempty"`
	Home         string            `json:"home,omitempty"`
	Sources      []string          `json:"sources,omitempty"`
	Version      string            `json:"version,omitempty"`
	Description  string            `json:"description,omitempty"`
	Keywords     []string          `json:"keywords,omitempty"`
	Maintainers  []*Maintainer     `json:"maintainers,omitempty"`
	Icon         string            `json:"icon,omitempty"`
	APIVersion   string            `json:"apiVersion,omitempty"`
	Condition    string            `json:"condition,omitempty"`
	Tags         string            `json:"tags,omitempty"`
	AppVersion   string            `json:"appVersion,omitempty"`
	Deprecated   bool              `json:"deprecated,omitempty"`
	Annotations  map[string]string `json:"annotations,omitempty"`
	KubeVersion  string            `json:"kubeVersion,omitempty"`
	Dependencies []*Dependency     `json:"dependencies,omitempty"`
	Type         string            `json:"type,omitempty"`
}

// File is one file of the chart, its name relative to the chart's folder.
type File struct {
	Name string
	Data []byte
}

// Chart is a loaded chart directory.
type Chart struct {
	Dir        string
	Metadata   *Metadata
	RawValues  []byte // values.yaml as read (nil when absent)
	Values     map[string]interface{}
	Schema     []byte // values.schema.json (nil when absent)
	Templates  []File // templates/..., names like "templates/x.yaml"
	Files      []File // everything else but Chart.yaml, values, schema, lock files
	HasValues  bool
	HasSchemaF bool
}

// loadChart reads a chart directory. Errors name the file, as Helm's do.
func loadChart(dir string) (*Chart, error) {
	st, err := os.Stat(dir)
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("%s is not a chart directory (packaged charts are not supported)", dir)
	}
	c := &Chart{Dir: dir, Values: map[string]interface{}{}}
	raw, err := os.ReadFile(filepath.Join(dir, "Chart.yaml"))
	if err != nil {
		return nil, fmt.Errorf("Chart.yaml file is missing")
	}
	ignore, err := readHelmignore(dir)
	if err != nil {
		return nil, err
	}
	c.Metadata = new(Metadata)
	if err := yaml.Unmarshal(raw, c.Metadata); err != nil {
		return nil, fmt.Errorf("cannot load Chart.yaml: %v", err)
	}
	if err := c.Metadata.validate(); err != nil {
		return nil, fmt.Errorf("validation: %v", err)
	}
	if len(c.Metadata.Dependencies) > 0 {
		return nil, fmt.Errorf("Chart.yaml: dependencies are not supported by this renderer")
	}
	err = filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if rel != "." && ignore.ignored(rel, info.IsDir()) {
			if info.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if info.IsDir() {
			if rel == "charts" {
				entries, err := os.ReadDir(p)
				if err != nil {
					return err
				}
				if len(entries) > 0 {
					return fmt.Errorf("charts/: subcharts are not supported by this renderer")
				}
				return filepath.SkipDir
			}
			return nil
		}
		if !info.Mode().IsRegular() {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		switch {
		case rel == "Chart.yaml", rel == "Chart.lock", rel == "requirements.yaml", rel == "requirements.lock":
		case rel == "values.yaml":
			c.RawValues = data
			c.HasValues = true
			v, err := readValues(data)
			if err != nil {
				return fmt.Errorf("cannot load values.yaml: %v", err)
			}
			c.Values = v
		case rel == "values.schema.json":
			c.Schema = data
			c.HasSchemaF = true
		case strings.HasPrefix(rel, "templates/"):
			c.Templates = append(c.Templates, File{Name: rel, Data: data})
		default:
			c.Files = append(c.Files, File{Name: rel, Data: data})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// helmignore holds the patterns of a chart's .helmignore, in the subset
// this renderer supports: one shell glob a line, matched against the path
// relative to the chart and against its base name; a trailing slash
// matches folders only; '#' starts a comment. Negation ('!') is refused.
// As Helm does by default, dot files under templates/ are ignored too.
type helmignore []string

func readHelmignore(dir string) (helmignore, error) {
	ig := helmignore{"templates/.?*"}
	data, err := os.ReadFile(filepath.Join(dir, ".helmignore"))
	if os.IsNotExist(err) {
		return ig, nil
	}
	if err != nil {
		return nil, err
	}
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.HasPrefix(line, "!") {
			return nil, fmt.Errorf(".helmignore: negated patterns (%s) are not supported by this renderer", line)
		}
		if _, err := path.Match(line, ""); err != nil {
			return nil, fmt.Errorf(".helmignore: bad pattern %q", line)
		}
		ig = append(ig, line)
	}
	return ig, nil
}

func (ig helmignore) ignored(rel string, isDir bool) bool {
	for _, p := range ig {
		if strings.HasSuffix(p, "/") {
			if !isDir {
				continue
			}
			p = strings.TrimSuffix(p, "/")
		}
		if ok, _ := path.Match(p, rel); ok {
			return true
		}
		if !strings.Contains(p, "/") {
			if ok, _ := path.Match(p, path.Base(rel)); ok {
				return true
			}
		}
	}
	return false
}

// validate is Helm's Metadata.Validate, as the loader runs it.
func (md *Metadata) validate() error {
	switch {
	case md.APIVersion == "":
		return fmt.Errorf("chart.metadata.apiVersion is required")
	case md.Name == "":
		return fmt.Errorf("chart.metadata.name is required")
	case md.Name != filepath.Base(md.Name):
		return fmt.Errorf("chart.metadata.name %q is invalid", md.Name)
	case md.Version == "":
		return fmt.Errorf("chart.metadata.version is required")
	}
	if _, err := semver.NewVersion(md.Version); err != nil {
		return fmt.Errorf("chart.metadata.version %q is invalid", md.Version)
	}
	if md.Type != "" && md.Type != "application" && md.Type != "library" {
		return fmt.Errorf("chart.metadata.type must be application or library")
	}
	for _, m := range md.Maintainers {
		if m == nil {
			return fmt.Errorf("chart.metadata.maintainers must not contain empty or null nodes")
		}
	}
	return nil
}

// Files is .Files: the chart's files that are not templates or values,
// with the methods Helm gives them (pkg/engine/files.go).
type Files map[string][]byte

func newFiles(fs []File) Files {
	f := Files{}
	for _, x := range fs {
		f[x.Name] = x.Data
	}
	return f
}

// GetBytes returns a file's bytes, nil when there is none.
func (f Files) GetBytes(name string) []byte {
	return f[name]
}

// Get returns a file's text, "" when there is none.
func (f Files) Get(name string) string {
	return string(f.GetBytes(name))
}

// Glob returns the files whose names match a glob pattern ('/' separates
// names, so '*' stays within a folder and '**' crosses folders), with
// gobwas/glob as Helm uses it.
func (f Files) Glob(pattern string) Files {
	g, err := glob.Compile(pattern, '/')
	if err != nil {
		g, _ = glob.Compile("**")
	}
	out := Files{}
	for name, data := range f {
		if g.Match(name) {
			out[name] = data
		}
	}
	return out
}

// sortedNames returns the file names in order, for deterministic output.
func (f Files) sortedNames() []string {
	names := make([]string, 0, len(f))
	for n := range f {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// AsConfig returns the files as the data of a ConfigMap: YAML, base name
// to content ("{}" for none).
func (f Files) AsConfig() string {
	if f == nil {
		return ""
	}
	m := map[string]string{}
	for _, n := range f.sortedNames() {
		m[path.Base(n)] = string(f[n])
	}
	return toYAML(m)
}

// AsSecrets returns the files as the data of a Secret: YAML, base name to
// base64 content ("{}" for none).
func (f Files) AsSecrets() string {
	if f == nil {
		return ""
	}
	m := map[string]string{}
	for _, n := range f.sortedNames() {
		m[path.Base(n)] = base64.StdEncoding.EncodeToString(f[n])
	}
	return toYAML(m)
}

// Lines returns a file's lines, without a last empty one.
func (f Files) Lines(name string) []string {
	if f == nil || f[name] == nil {
		return []string{}
	}
	s := string(f[name])
	if s != "" && s[len(s)-1] == '\n' {
		s = s[:len(s)-1]
	}
	return strings.Split(s, "\n")
}
