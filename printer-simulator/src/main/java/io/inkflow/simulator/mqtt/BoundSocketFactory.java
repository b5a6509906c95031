package io.inkflow.simulator.mqtt;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * Plain sockets bound to one local address. Wrong-credential attempts use it so the gateway's
 * per-address failed-login throttle blocks the "attacker" address (127.0.0.2 on a loopback run),
 * not the address the honest fleet connects from.
 */
public final class BoundSocketFactory extends SocketFactory {
    private final InetAddress local;

    public BoundSocketFactory(InetAddress local) {
        this.local = local;
    }

    @Override
    public Socket createSocket() throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(local, 0));
        return socket;
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return new Socket(host, port, local, 0);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return new Socket(host, port, localHost, localPort);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return new Socket(host, port, local, 0);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return new Socket(address, port, localAddress, localPort);
    }
}
