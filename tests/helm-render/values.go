// values.go: the values a template sees, built in the order Helm v3 builds
// them: the chart's values.yaml, each -f file merged over it, every --set
// and then every --set-string (Helm applies all --set before any
// --set-string, whatever their order on the command line), and the result
// coalesced with the chart's defaults. A user value of null deletes the
// default. Then, when the chart has values.schema.json, the values must meet
// it. Sources: Helm's pkg/cli/values/options.go (MergeValues, mergeMaps),
// pkg/chartutil/coalesce.go and pkg/chartutil/jsonschema.go.
package main

import (
	"bytes"
	"fmt"
	"os"
	"strings"

	"github.com/xeipuuv/gojsonschema"
	"sigs.k8s.io/yaml"
)

// Values is the type of .Values, as chartutil.Values is in Helm: a map with
// a few helper methods that templates can call.
type Values map[string]interface{}

// YAML serialises the values as toYaml does, without trimming.
func (v Values) YAML() (string, error) {
	b, err := yaml.Marshal(v)
	return string(b), err
}

// AsMap returns the values as a plain map.
func (v Values) AsMap() map[string]interface{} {
	if len(v) == 0 {
		return map[string]interface{}{}
	}
	return v
}

// readValues parses a values document as Helm does: through
// sigs.k8s.io/yaml, which goes by way of JSON, so every number becomes a
// float64 (3 prints as 3, 1000000 as 1e+06, as in Helm). An empty document
// is an empty map.
func readValues(data []byte) (map[string]interface{}, error) {
	vals := map[string]interface{}{}
	if err := yaml.Unmarshal(data, &vals); err != nil {
		return nil, err
	}
	if vals == nil {
		vals = map[string]interface{}{}
	}
	return vals, nil
}

// mergeMaps merges b over a: tables deeply, anything else replaced, later
// wins. A null in b stays a null here; coalescing deletes the default later.
func mergeMaps(a, b map[string]interface{}) map[string]interface{} {
	out := make(map[string]interface{}, len(a))
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		if bt, ok := v.(map[string]interface{}); ok {
			if at, ok := out[k].(map[string]interface{}); ok {
				out[k] = mergeMaps(at, bt)
				continue
			}
		}
		out[k] = v
	}
	return out
}

// userValues builds what the user gave: -f files in order, then each --set,
// then each --set-string.
func userValues(files, sets, setStrings []string) (map[string]interface{}, error) {
	base := map[string]interface{}{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		cur, err := readValues(data)
		if err != nil {
			return nil, fmt.Errorf("failed to parse %s: %v", f, err)
		}
		base = mergeMaps(base, cur)
	}
	for _, s := range sets {
		if err := parseSet(s, base, false); err != nil {
			return nil, fmt.Errorf("failed parsing --set data: %v", err)
		}
	}
	for _, s := range setStrings {
		if err := parseSet(s, base, true); err != nil {
			return nil, fmt.Errorf("failed parsing --set-string data: %v", err)
		}
	}
	return base, nil
}

func isTable(v interface{}) bool {
	_, ok := v.(map[string]interface{})
	return ok
}

// deepCopy copies maps and lists so that coalescing never changes the
// chart's own defaults (Helm copies them with copystructure for the same
// reason).
func deepCopy(v interface{}) interface{} {
	switch t := v.(type) {
	case map[string]interface{}:
		m := make(map[string]interface{}, len(t))
		for k, e := range t {
			m[k] = deepCopy(e)
		}
		return m
	case []interface{}:
		l := make([]interface{}, len(t))
		for i, e := range t {
			l[i] = deepCopy(e)
		}
		return l
	}
	return v
}

// coalesce folds the chart's defaults into the user's values (user wins),
// as Helm's coalesceValues does for the top level of a chart: a key the
// user set to null is removed; a user table is merged with a default table;
// a table and a non-table never mix (the user's value stays, with a warning
// as Helm prints one).
func coalesce(user, defaults map[string]interface{}, chartName string, warn func(string)) map[string]interface{} {
	v := deepCopy(user).(map[string]interface{})
	for key, val := range deepCopy(defaults).(map[string]interface{}) {
		uv, ok := v[key]
		if !ok {
			v[key] = val
			continue
		}
		if uv == nil {
			delete(v, key)
			continue
		}
		if dst, ok := uv.(map[string]interface{}); ok {
			src, ok := val.(map[string]interface{})
			if !ok {
				if val != nil {
					warn(fmt.Sprintf("warning: skipped value for %s.%s: Not a table.", chartName, key))
				}
				continue
			}
			coalesceTables(dst, src, chartName+"."+key, warn)
		}
	}
	return v
}

// coalesceTables folds src (lower priority) into dst, as Helm's
// coalesceTablesFullKey does when it coalesces (not merges).
func coalesceTables(dst, src map[string]interface{}, prefix string, warn func(string)) {
	for key, val := range src {
		full := prefix + "." + key
		dv, ok := dst[key]
		switch {
		case ok && dv == nil:
			delete(dst, key)
		case !ok:
			dst[key] = val
		case isTable(val):
			if isTable(dv) {
				coalesceTables(dv.(map[string]interface{}), val.(map[string]interface{}), full, warn)
			} else {
				warn(fmt.Sprintf("warning: cannot overwrite table with non table for %s (%v)", full, val))
			}
		case isTable(dv) && val != nil:
			warn(fmt.Sprintf("warning: destination for %s is a table. Ignoring non-table value (%v)", full, val))
		}
	}
}

// validateSchema checks values against a values.schema.json as Helm 3.14
// does (gojsonschema; drafts 4, 6 and 7): the values go through YAML and
// JSON first, so that they are compared as JSON. Each error is one
// "- FIELD: MESSAGE" line.
func validateSchema(values map[string]interface{}, schema []byte) error {
	y, err := yaml.Marshal(values)
	if err != nil {
		return err
	}
	j, err := yaml.YAMLToJSON(y)
	if err != nil {
		return err
	}
	if bytes.Equal(j, []byte("null")) {
		j = []byte("{}")
	}
	res, err := gojsonschema.Validate(gojsonschema.NewBytesLoader(schema), gojsonschema.NewBytesLoader(j))
	if err != nil {
		return err
	}
	if res.Valid() {
		return nil
	}
	var sb strings.Builder
	for _, e := range res.Errors() {
		fmt.Fprintf(&sb, "- %s\n", e)
	}
	return fmt.Errorf("%s", sb.String())
}

// checkSchema compiles a schema alone: lint reports a broken one even when
// no values reach it.
func checkSchema(schema []byte) error {
	_, err := gojsonschema.NewSchema(gojsonschema.NewBytesLoader(schema))
	return err
}
