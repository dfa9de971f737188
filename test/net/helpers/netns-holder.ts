// A controller that makes a netns network, prints its run id and waits to be killed (the leftover tests).
import { NetnsNetwork } from '../../../src/net/netns/netns-network.js';

const network = await NetnsNetwork.create({ nodeIds: [1, 2, 3] });
process.stdout.write(`RUN ${network.runId}\n`);
setInterval(() => undefined, 1000);
