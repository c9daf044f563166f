/* stub: being written */
#include "config.h"
#include "cli/cli.h"
int cmd_tui(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	cli_error("tui: not implemented yet");
	return CT_EXIT_FAILURE;
}
