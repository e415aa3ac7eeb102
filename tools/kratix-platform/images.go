package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"sigs.k8s.io/yaml"
)

// testImageRun is what a test image's container sees: its environment, its volumes by mount
// path, and its log.
type testImageRun struct {
	env    map[string]string
	mounts map[string]string
	log    io.Writer
}

// path maps a path inside the container to this machine through the container's mounts.
func (run testImageRun) path(inside string) (string, error) {
	best := ""
	for mountPath := range run.mounts {
		if (inside == mountPath || len(inside) > len(mountPath) && inside[:len(mountPath)+1] == mountPath+"/") && len(mountPath) > len(best) {
			best = mountPath
		}
	}
	if best == "" {
		return "", fmt.Errorf("%s is not in a volume of this container", inside)
	}
	return filepath.Join(run.mounts[best], inside[len(best):]), nil
}

func (run testImageRun) write(inside string, document interface{}) error {
	path, err := run.path(inside)
	if err != nil {
		return err
	}
	content, err := yaml.Marshal(document)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	fmt.Fprintf(run.log, "wrote %s\n", inside)
	return os.WriteFile(path, content, 0o644)
}

func (run testImageRun) input() (map[string]interface{}, error) {
	path, err := run.path("/kratix/input/object.yaml")
	if err != nil {
		return nil, err
	}
	content, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var object map[string]interface{}
	return object, yaml.Unmarshal(content, &object)
}

// The images the project's test Promises name. Each follows Kratix's pipeline contract: the
// object in /kratix/input/object.yaml, documents to /kratix/output, and in /kratix/metadata the
// destination-selectors.yaml and status.yaml the work-writer and status-writer read.
var testImages = map[string]func(context.Context, testImageRun) int{
	"kratix-backstage-test/render": func(ctx context.Context, run testImageRun) int { return exitCode(run, render(run)) },
	"kratix-backstage-test/fail": func(ctx context.Context, run testImageRun) int {
		fmt.Fprintln(run.log, "failing, as this test image always does")
		return 1
	},
	"kratix-backstage-test/slow": func(ctx context.Context, run testImageRun) int {
		seconds, err := strconv.ParseFloat(run.env["SLOW_SECONDS"], 64)
		if err != nil {
			seconds = 5
		}
		fmt.Fprintf(run.log, "waiting %.1f s\n", seconds)
		select {
		case <-ctx.Done():
			return 1
		case <-time.After(time.Duration(seconds * float64(time.Second))):
		}
		return exitCode(run, render(run))
	},
}

func exitCode(run testImageRun, err error) int {
	if err != nil {
		fmt.Fprintln(run.log, "error:", err)
		return 1
	}
	return 0
}

// render writes one ConfigMap per object holding its spec (less destinationLabels and note*
// fields), the destination selectors its spec.destinationLabels asks for, and a status.
func render(run testImageRun) error {
	object, err := run.input()
	if err != nil {
		return err
	}
	metadata, _ := object["metadata"].(map[string]interface{})
	name := fmt.Sprint(metadata["name"])
	spec, _ := object["spec"].(map[string]interface{})
	data := map[string]interface{}{}
	keys := make([]string, 0, len(spec))
	for key := range spec {
		keys = append(keys, key)
	}
	sort.Strings(keys)
	for _, key := range keys {
		// destinationLabels schedules; notes are for people, and leave the output unchanged.
		if key == "destinationLabels" || strings.HasPrefix(key, "note") {
			continue
		}
		content, err := yaml.Marshal(spec[key])
		if err != nil {
			return err
		}
		data[key] = string(content)
	}
	workflowType := run.env["KRATIX_WORKFLOW_TYPE"]
	outputName := fmt.Sprintf("%s-%s", run.env["KRATIX_PROMISE_NAME"], name)
	if workflowType == "promise" {
		outputName = fmt.Sprintf("%s-promise", name)
	}
	if err := run.write("/kratix/output/"+outputName+".yaml", map[string]interface{}{
		"apiVersion": "v1", "kind": "ConfigMap",
		"metadata": map[string]interface{}{"name": outputName, "namespace": "default"},
		"data":     data,
	}); err != nil {
		return err
	}
	if labels, ok := spec["destinationLabels"].(map[string]interface{}); ok && len(labels) > 0 {
		if err := run.write("/kratix/metadata/destination-selectors.yaml", []interface{}{
			map[string]interface{}{"matchLabels": labels},
		}); err != nil {
			return err
		}
	}
	return run.write("/kratix/metadata/status.yaml", map[string]interface{}{
		"message":      "rendered " + outputName,
		"renderedKeys": len(data),
	})
}
