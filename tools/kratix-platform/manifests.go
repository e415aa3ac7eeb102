package main

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"k8s.io/component-base/version"
	"sigs.k8s.io/yaml"
)

const (
	kratixNamespace      = "kratix-platform-system"
	kratixServiceAccount = "kratix-platform-controller-manager"
	// The image name Kratix is told to use for its pipeline adapter (WC_IMG); the pipeline
	// runner runs Kratix's own adapter programs for it.
	pipelineAdapterImage = "kratix-platform/pipeline-adapter"
	webhookURL           = "https://127.0.0.1:9443"
	// The namespace and secret of the git state store's credentials.
	stateStoreSecret = "git-state-store-credentials"
)

// Users the test suites act as, with a static token each (the API server's --token-auth-file).
var testUsers = []string{"alice", "bob", "reader"}

func kubernetesVersion() string { return version.Get().GitVersion }

func writeUserTokens(path string) (map[string]string, error) {
	tokens := map[string]string{}
	var lines []string
	for _, user := range testUsers {
		token, err := randomHex(24)
		if err != nil {
			return nil, err
		}
		tokens[user] = token
		lines = append(lines, fmt.Sprintf("%s,%s,%s,\"kratix-platform-users\"", token, user, user))
	}
	return tokens, os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o600)
}

func randomHex(n int) (string, error) {
	data := make([]byte, n)
	if _, err := rand.Read(data); err != nil {
		return "", err
	}
	return hex.EncodeToString(data), nil
}

func httpGetOK(url string) error {
	client := &http.Client{Timeout: 2 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}
	response, err := client.Get(url)
	if err != nil {
		return err
	}
	response.Body.Close()
	if response.StatusCode != http.StatusOK {
		return fmt.Errorf("%s answered %d", url, response.StatusCode)
	}
	return nil
}

// applyKratixManifests applies Kratix's CRDs and RBAC from its module's config/ folder, as its
// kustomization would lay them out (name prefix kratix-platform-, namespace
// kratix-platform-system). Only the parts that run in a Deployment (the manager, the auth
// proxy, cert-manager) are left out: here Kratix runs as a process on this machine.
func (p *platformUp) applyKratixManifests(ctx context.Context) error {
	crds, err := filepath.Glob(filepath.Join(p.kratix, "config", "crd", "bases", "*.yaml"))
	if err != nil || len(crds) == 0 {
		return fmt.Errorf("no CRDs under %s/config/crd/bases", p.kratix)
	}
	sort.Strings(crds)
	args := []string{"apply", "--server-side"}
	for _, crd := range crds {
		args = append(args, "-f", crd)
	}
	if err := p.kubectl(ctx, nil, args...); err != nil {
		return err
	}
	var documents []map[string]interface{}
	documents = append(documents, map[string]interface{}{
		"apiVersion": "v1", "kind": "Namespace", "metadata": map[string]interface{}{"name": kratixNamespace},
	})
	for _, name := range []string{"service_account.yaml", "role.yaml", "role_binding.yaml"} {
		parsed, err := readYAMLDocuments(filepath.Join(p.kratix, "config", "rbac", name))
		if err != nil {
			return err
		}
		for _, document := range parsed {
			documents = append(documents, kustomized(document))
		}
	}
	if err := p.applyDocuments(ctx, "kratix-rbac.yaml", documents); err != nil {
		return err
	}
	return p.waitFor(ctx, "Kratix CRDs", 60*time.Second, func() error {
		return p.kubectl(ctx, nil, "wait", "--for=condition=Established", "--timeout=5s", "crd", "--all")
	})
}

// kustomized applies config/default's namePrefix and namespace to one RBAC document.
func kustomized(document map[string]interface{}) map[string]interface{} {
	metadata, _ := document["metadata"].(map[string]interface{})
	metadata["name"] = "kratix-platform-" + fmt.Sprint(metadata["name"])
	if _, namespaced := metadata["namespace"]; namespaced {
		metadata["namespace"] = kratixNamespace
	}
	if roleRef, ok := document["roleRef"].(map[string]interface{}); ok {
		roleRef["name"] = "kratix-platform-" + fmt.Sprint(roleRef["name"])
	}
	if subjects, ok := document["subjects"].([]interface{}); ok {
		for _, subject := range subjects {
			entry := subject.(map[string]interface{})
			entry["name"] = "kratix-platform-" + fmt.Sprint(entry["name"])
			entry["namespace"] = kratixNamespace
		}
	}
	return document
}

// applyWebhooks registers Kratix's admission webhooks (config/webhook/manifests.yaml) with a
// URL on this machine in place of the in-cluster Service, and the platform's CA.
func (p *platformUp) applyWebhooks(ctx context.Context) error {
	parsed, err := readYAMLDocuments(filepath.Join(p.kratix, "config", "webhook", "manifests.yaml"))
	if err != nil {
		return err
	}
	ca, err := os.ReadFile(p.path("pki", "ca.crt"))
	if err != nil {
		return err
	}
	for _, document := range parsed {
		metadata := document["metadata"].(map[string]interface{})
		metadata["name"] = "kratix-platform-" + fmt.Sprint(metadata["name"])
		webhooks, _ := document["webhooks"].([]interface{})
		for _, webhook := range webhooks {
			entry := webhook.(map[string]interface{})
			clientConfig := entry["clientConfig"].(map[string]interface{})
			service := clientConfig["service"].(map[string]interface{})
			delete(clientConfig, "service")
			clientConfig["url"] = webhookURL + fmt.Sprint(service["path"])
			clientConfig["caBundle"] = base64.StdEncoding.EncodeToString(ca)
		}
	}
	return p.applyDocuments(ctx, "kratix-webhooks.yaml", parsed)
}

// applyStateStore makes the git state store's repository, its credentials Secret, a
// GitStateStore for it and no Destination (the scenarios register their own).
func (p *platformUp) applyStateStore(ctx context.Context, url string) error {
	if err := initBareRepository(p.path("git", "state-store.git")); err != nil {
		return err
	}
	documents := []map[string]interface{}{
		{
			"apiVersion": "v1", "kind": "Secret",
			"metadata":   map[string]interface{}{"name": stateStoreSecret, "namespace": "default"},
			"stringData": map[string]interface{}{"username": "kratix", "password": "state-store"},
		},
		{
			"apiVersion": "platform.kratix.io/v1alpha1", "kind": "GitStateStore",
			"metadata": map[string]interface{}{"name": "default"},
			"spec": map[string]interface{}{
				"url": url, "branch": "main", "authMethod": "basicAuth",
				"secretRef": map[string]interface{}{"name": stateStoreSecret, "namespace": "default"},
			},
		},
	}
	return p.applyDocuments(ctx, "state-store.yaml", documents)
}

func (p *platformUp) applyDocuments(ctx context.Context, file string, documents []map[string]interface{}) error {
	var parts []string
	for _, document := range documents {
		content, err := yaml.Marshal(document)
		if err != nil {
			return err
		}
		parts = append(parts, string(content))
	}
	path := p.path("manifests", file)
	if err := os.WriteFile(path, []byte(strings.Join(parts, "---\n")), 0o600); err != nil {
		return err
	}
	return p.kubectl(ctx, nil, "apply", "--server-side", "-f", path)
}

func readYAMLDocuments(path string) ([]map[string]interface{}, error) {
	content, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var documents []map[string]interface{}
	for _, part := range strings.Split(string(content), "\n---") {
		var document map[string]interface{}
		if err := yaml.Unmarshal([]byte(part), &document); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if len(document) > 0 {
			documents = append(documents, document)
		}
	}
	return documents, nil
}

// serviceAccountKubeconfig writes a kubeconfig holding a fresh token of a service account.
func (p *platformUp) serviceAccountKubeconfig(ctx context.Context, namespace, name, file string) (string, error) {
	token, err := p.kubectlOutput(ctx, nil, "create", "token", name, "--namespace", namespace, "--duration", "48h")
	if err != nil {
		return "", err
	}
	ca, err := os.ReadFile(p.path("pki", "ca.crt"))
	if err != nil {
		return "", err
	}
	content := fmt.Sprintf(`apiVersion: v1
kind: Config
clusters:
- name: platform
  cluster:
    server: %s
    certificate-authority-data: %s
users:
- name: %s
  user:
    token: %s
contexts:
- name: platform
  context:
    cluster: platform
    user: %s
    namespace: %s
current-context: platform
`, p.server(), base64.StdEncoding.EncodeToString(ca), name, strings.TrimSpace(token), name, namespace)
	path := p.path("pki", file)
	return path, os.WriteFile(path, []byte(content), 0o600)
}
