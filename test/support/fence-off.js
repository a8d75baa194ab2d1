// setupFiles of the full project: a worker that ran a quick file before runs this one unfenced.
require('./fence').setFence(false, '');
