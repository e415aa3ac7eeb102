package main

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/pem"
	"flag"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"time"
)

// runCerts writes the platform's own certificate authority and every certificate, key and
// kubeconfig the control plane needs into one folder. Nothing is shared with any other platform.
func runCerts(args []string) int {
	flags := flag.NewFlagSet("certs", flag.ExitOnError)
	dir := flags.String("dir", "", "folder to write into")
	server := flags.String("server", "https://127.0.0.1:6443", "API server URL for the kubeconfigs")
	_ = flags.Parse(args)
	if *dir == "" {
		fmt.Fprintln(os.Stderr, "certs: --dir is required")
		return 2
	}
	if err := writeCerts(*dir, *server); err != nil {
		fmt.Fprintln(os.Stderr, "certs:", err)
		return 1
	}
	return 0
}

type keyPair struct {
	cert *x509.Certificate
	key  *rsa.PrivateKey
}

func writeCerts(dir, server string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	ca, err := newCertificate(nil, pkix.Name{CommonName: "kratix-platform-ca"}, nil, nil, true)
	if err != nil {
		return err
	}
	serving, err := newCertificate(ca, pkix.Name{CommonName: "kube-apiserver"},
		[]string{"localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local"},
		[]net.IP{net.ParseIP("127.0.0.1"), net.ParseIP("10.0.0.1")}, false)
	if err != nil {
		return err
	}
	admin, err := newCertificate(ca, pkix.Name{CommonName: "kratix-platform-admin", Organization: []string{"system:masters"}}, nil, nil, false)
	if err != nil {
		return err
	}
	controllerManager, err := newCertificate(ca, pkix.Name{CommonName: "system:kube-controller-manager"}, nil, nil, false)
	if err != nil {
		return err
	}
	// Serving certificate for webhooks run on this machine (a Service with no Pods behind it is
	// reached through the API server's loopback resolution, see the platform's README).
	webhook, err := newCertificate(ca, pkix.Name{CommonName: "webhook"},
		[]string{"localhost"}, []net.IP{net.ParseIP("127.0.0.1")}, false)
	if err != nil {
		return err
	}
	serviceAccountKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return err
	}
	files := map[string][]byte{
		"ca.crt":                 certPEM(ca.cert),
		"ca.key":                 keyPEM(ca.key),
		"apiserver.crt":          certPEM(serving.cert),
		"apiserver.key":          keyPEM(serving.key),
		"admin.crt":              certPEM(admin.cert),
		"admin.key":              keyPEM(admin.key),
		"controller-manager.crt": certPEM(controllerManager.cert),
		"controller-manager.key": keyPEM(controllerManager.key),
		"webhook/tls.crt":        certPEM(webhook.cert),
		"webhook/tls.key":        keyPEM(webhook.key),
		"service-account.key":    keyPEM(serviceAccountKey),
	}
	publicKey, err := x509.MarshalPKIXPublicKey(&serviceAccountKey.PublicKey)
	if err != nil {
		return err
	}
	files["service-account.pub"] = pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: publicKey})
	files["admin.kubeconfig"] = kubeconfig(server, ca.cert, admin)
	files["controller-manager.kubeconfig"] = kubeconfig(server, ca.cert, controllerManager)
	for name, content := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return err
		}
		if err := os.WriteFile(path, content, 0o600); err != nil {
			return err
		}
	}
	return nil
}

func newCertificate(issuer *keyPair, subject pkix.Name, dnsNames []string, ips []net.IP, isCA bool) (*keyPair, error) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 62))
	if err != nil {
		return nil, err
	}
	template := &x509.Certificate{
		SerialNumber: serial,
		Subject:      subject,
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(365 * 24 * time.Hour),
		DNSNames:     dnsNames,
		IPAddresses:  ips,
		KeyUsage:     x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
	}
	parent, signer := template, key
	if isCA {
		template.IsCA = true
		template.BasicConstraintsValid = true
		template.KeyUsage = x509.KeyUsageCertSign | x509.KeyUsageCRLSign | x509.KeyUsageDigitalSignature
		template.ExtKeyUsage = nil
	} else {
		parent, signer = issuer.cert, issuer.key
	}
	der, err := x509.CreateCertificate(rand.Reader, template, parent, &key.PublicKey, signer)
	if err != nil {
		return nil, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	return &keyPair{cert: cert, key: key}, nil
}

func certPEM(cert *x509.Certificate) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Raw})
}

func keyPEM(key *rsa.PrivateKey) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)})
}

func kubeconfig(server string, ca *x509.Certificate, client *keyPair) []byte {
	b64 := func(data []byte) string { return encodeBase64(data) }
	return []byte(fmt.Sprintf(`apiVersion: v1
kind: Config
clusters:
- name: platform
  cluster:
    server: %s
    certificate-authority-data: %s
users:
- name: user
  user:
    client-certificate-data: %s
    client-key-data: %s
contexts:
- name: platform
  context:
    cluster: platform
    user: user
current-context: platform
`, server, b64(certPEM(ca)), b64(certPEM(client.cert)), b64(keyPEM(client.key))))
}

func encodeBase64(data []byte) string {
	return base64.StdEncoding.EncodeToString(data)
}
