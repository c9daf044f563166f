/* stub: being written */
#include "config.h"
#include "cli/cli.h"
int cmd_optimize(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	cli_error("optimize: not implemented yet");
	return CT_EXIT_FAILURE;
}
