// A controller that makes a netns network, prints its run id and waits to be killed (the leftover tests).
import { NetnsNetwork } from '../../../src/net/netns/netns-network.js';

const network = await NetnsNetwork.create({ nodeIds: [1, 2, 3] });
process.stdout.write(`RUN ${network.runId}\n`);
// SIGUSR2: end at once through process.exit (what a run's third Ctrl-C does).
process.on('SIGUSR2', () => process.exit(255));
setInterval(() => undefined, 1000);
