/* stub: being written */
#include "config.h"
#include "cli/cli.h"
int cmd_eval(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	cli_error("eval: not implemented yet");
	return CT_EXIT_FAILURE;
}
