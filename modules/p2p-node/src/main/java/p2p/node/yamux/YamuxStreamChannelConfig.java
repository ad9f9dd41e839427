package p2p.node.yamux;

import io.netty.channel.ChannelOption;
import io.netty.channel.DefaultChannelConfig;
import java.util.Map;

/**
 * Options of a yamux stream channel: Netty's defaults plus {@link ChannelOption#ALLOW_HALF_CLOSURE}, which is
 * {@code true} by default because yamux streams are half-closable by design (a request half-closes, the response
 * follows). With it, the peer's FIN arrives as {@code ChannelInputShutdownEvent} then
 * {@code ChannelInputShutdownReadComplete}; without it, the peer's FIN closes the stream channel.
 */
final class YamuxStreamChannelConfig extends DefaultChannelConfig {
    private volatile boolean allowHalfClosure = true;

    YamuxStreamChannelConfig(YamuxStreamChannel channel) {
        super(channel);
    }

    @Override
    public Map<ChannelOption<?>, Object> getOptions() {
        return getOptions(super.getOptions(), ChannelOption.ALLOW_HALF_CLOSURE);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getOption(ChannelOption<T> option) {
        if (option == ChannelOption.ALLOW_HALF_CLOSURE) {
            return (T) Boolean.valueOf(allowHalfClosure);
        }
        return super.getOption(option);
    }

    @Override
    public <T> boolean setOption(ChannelOption<T> option, T value) {
        validate(option, value);
        if (option == ChannelOption.ALLOW_HALF_CLOSURE) {
            allowHalfClosure = (Boolean) value;
            return true;
        }
        return super.setOption(option, value);
    }

    boolean isAllowHalfClosure() {
        return allowHalfClosure;
    }

    @Override
    protected void autoReadCleared() {
        ((YamuxStreamChannel) channel).clearReadPending();
    }
}
