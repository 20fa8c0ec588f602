// Command echoplugin is the Go reference for the Java harness's test plugin (`harness plugin`,
// HARNESS.md): the same handshake values, dispense name, Plugin methods and stderr level-check
// lines, served by hashicorp/go-plugin's own Serve over net/rpc. The host parity test runs
// the same scenarios against both plugins, so that a difference between the Java host and
// go-plugin's client can be told apart from a difference between the two plugins.
//
//	echoplugin [--log-level trace|debug|info|warn|error]
//
// Run by hand (without the magic cookie) it prints go-plugin's "This binary is a plugin"
// text and exits 1, like every go-plugin plugin.
package main

import (
	"errors"
	"flag"
	"fmt"
	"net/rpc"
	"os"
	"time"

	"github.com/argoproj/argo-rollouts/utils/plugin/types"
	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
)

// The handshake Argo's controller uses for metric provider plugins.
var handshake = plugin.HandshakeConfig{
	ProtocolVersion:  1,
	MagicCookieKey:   "ARGO_ROLLOUTS_RPC_PLUGIN",
	MagicCookieValue: "metricprovider",
}

// Service is registered by go-plugin under the name "Plugin" on the broker stream.
type Service struct{}

// InitPlugin answers the nil interface Argo sends with an empty RpcError.
func (Service) InitPlugin(_ any, resp *types.RpcError) error {
	*resp = types.RpcError{}
	return nil
}

// Echo returns its argument.
func (Service) Echo(arg []byte, resp *[]byte) error {
	*resp = arg
	return nil
}

// Sleep sleeps the given milliseconds and returns them, so that replies overtake each other.
func (Service) Sleep(millis int64, resp *int64) error {
	time.Sleep(time.Duration(millis) * time.Millisecond)
	*resp = millis
	return nil
}

// Fail answers with a net/rpc error carrying exactly the given text.
func (Service) Fail(text string, _ *struct{}) error {
	return errors.New(text)
}

// Pid returns the plugin's process id.
func (Service) Pid(_ any, resp *int64) error {
	*resp = int64(os.Getpid())
	return nil
}

// servicePlugin is the plugin half go-plugin dispenses; a plugin never acts as a client.
type servicePlugin struct{}

func (servicePlugin) Server(*plugin.MuxBroker) (any, error) { return Service{}, nil }

func (servicePlugin) Client(*plugin.MuxBroker, *rpc.Client) (any, error) {
	return nil, errors.New("echoplugin is a plugin, not a host")
}

func main() {
	level := flag.String("log-level", "info", "trace, debug, info, warn, error")
	flag.Parse()
	if hclog.LevelFromString(*level) == hclog.NoLevel {
		fmt.Fprintf(os.Stderr, "unknown log level %q\n", *level)
		os.Exit(2)
	}
	// The Java plugin checks the cookie before it logs anything; go-plugin's Serve only
	// checks it later, so check it here too, with Serve's own text and exit status.
	if os.Getenv(handshake.MagicCookieKey) != handshake.MagicCookieValue {
		fmt.Fprint(os.Stderr, "This binary is a plugin. These are not meant to be executed directly.\n"+
			"Please execute the program that consumes these plugins, which will\n"+
			"load any plugins automatically\n")
		os.Exit(1)
	}
	log := hclog.New(&hclog.LoggerOptions{
		Name:       "harness",
		Level:      hclog.LevelFromString(*level),
		Output:     os.Stderr,
		JSONFormat: true,
	})
	log.Trace("level check trace")
	log.Debug("level check debug")
	log.Info("level check info")
	log.Warn("level check warn")
	log.Error("level check error")
	plugin.Serve(&plugin.ServeConfig{
		HandshakeConfig: handshake,
		Plugins:         map[string]plugin.Plugin{"RpcMetricProviderPlugin": servicePlugin{}},
	})
}
