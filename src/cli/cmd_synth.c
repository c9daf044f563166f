/* stub: being written */
#include "config.h"
#include "cli/cli.h"
int cmd_synth(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	cli_error("synth: not implemented yet");
	return CT_EXIT_FAILURE;
}
